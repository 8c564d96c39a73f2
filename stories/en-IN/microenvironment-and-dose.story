# A patient asks about the tumour microenvironment, goes on, asks about the dose, then what happens next.
locale: en-IN
open
> what is this tumour microenvironment
says: less conducive to immune cell activity
> go on
says: other health issues can weaken the immune system
> and what about the dose
says: dosage and timing of administration
> what happens next after this
says: alternative treatment options
> stop
ends
