# A patient with diabetes asks about other health problems, then about the dose, then what happens next.
locale: en-CA
open
> does having diabetes make immunotherapy work less well
says: other health issues can weaken the immune system
> and what about the dose
says: dosage and timing of administration
> ok what happens next after that
says: alternative treatment options
> stop
ends
