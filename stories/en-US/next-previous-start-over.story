# A patient walks the topics with next and previous, goes past the beginning, then starts over.
locale: en-US
open
> yes
says: effectively targeted
> next
says: evade the immune system
> previous
says: effectively targeted
> previous
says: This is the beginning, there is nothing before it
> start over
continues
> yes
says: effectively targeted
> stop
ends
