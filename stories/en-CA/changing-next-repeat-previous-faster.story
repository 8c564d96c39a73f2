# A patient asks about changing immunotherapy, moves on, repeats, goes back, and speeds the voice up.
locale: en-CA
open
> tell me about changing to a different type of immunotherapy
says: switching to a different one
> next
says: radiation therapy, or targeted therapy
> repeat that
says: radiation therapy, or targeted therapy
> previous
says: switching to a different one
> talk faster
starts: All right, I'll speak a little faster
continues
> stop
ends
