# A patient hears why, asks for help to stop smoking, then says yes to the offer still open.
locale: en-GB
open
> why has the immunotherapy stopped working
says: effectively targeted
> i really need help to stop smoking
starts: Asking for help is a good step
not: Say repeat to hear something again
continues
> yes
says: evade the immune system
> stop
ends
