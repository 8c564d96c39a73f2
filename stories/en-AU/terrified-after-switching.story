# A patient hears about changing immunotherapy, says they are terrified, then says yes to the offer still open.
locale: en-AU
open
> can they change me to a different type of immunotherapy
says: switching to a different one
> i'm absolutely terrified
starts: I'm so sorry. This is a lot to go through
not: I'll stop here
continues
> yes please
says: radiation therapy, or targeted therapy
> stop
ends
