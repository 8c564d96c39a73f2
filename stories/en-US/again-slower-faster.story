# A hard-of-hearing patient asks to hear an answer again, then slower, then faster.
locale: en-US
open
> why did the immunotherapy stop working
says: effectively targeted
> sorry, can you say that again
says: effectively targeted
> and slower please
starts: All right, I'll speak more slowly
continues
> yes
says: evade the immune system
> you can speak faster now
starts: All right, I'll speak a little faster
> stop
ends
