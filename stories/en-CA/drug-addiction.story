# A patient hears what happens next, asks for help with a drug addiction, then says yes to the offer.
locale: en-CA
open
> what happens next
says: alternative treatment options
> i need help with my drug addiction
starts: Asking for help is a good step
not: Say repeat to hear something again
continues
> yes
says: switching to a different one
> stop
ends
