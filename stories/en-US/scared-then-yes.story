# A frightened patient hears why, says how scared they are, then says yes to the offer still open.
locale: en-US
open
> yes
says: effectively targeted
> honestly i'm so scared
starts: I'm so sorry. This is a lot to go through
not: I'll stop here
continues
> yes
says: evade the immune system
> stop
ends
