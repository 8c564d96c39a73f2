# A patient hears about other factors, sets a timer by mistake, carries on, then asks about the dose.
locale: en-US
open
> are there any other factors that can play a part
says: less conducive to immune cell activity
> set a timer for twenty minutes
starts: Care Voice can't do that
not: weaken the immune system
continues
> yes
says: other health issues can weaken the immune system
> and what about the dose
says: dosage and timing of administration
> stop
ends
