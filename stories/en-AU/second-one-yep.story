# A patient asks what can be asked, picks the second one, says yep twice, then no, and stops.
locale: en-AU
open
> what can i ask you about
says: how cancer cells develop resistance
> the second one
says: evade the immune system
> yep
says: harder to detect
> yep
says: prolonged exposure to cancer cells
> no
starts: That's all right
continues
> faster please
starts: All right, I'll speak a little faster
> stop
ends
