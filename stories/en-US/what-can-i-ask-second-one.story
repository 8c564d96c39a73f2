# A patient asks what they can ask, picks the second one, and asks for more.
locale: en-US
open
> what kind of things can i ask you
says: why immunotherapy can stop working
says: how cancer cells develop resistance
says: about stopping treatment
says: whether immunotherapy can still work
continues
> the second one
says: evade the immune system
not: effectively targeted
> tell me more
says: harder to detect
> thanks
starts: You're welcome
continues
> stop
ends
