# A patient asks for help, asks to speak slowly, asks what they can ask, and picks the second one.
locale: en-IN
open
> help
says: Say repeat to hear something again
says: {emergency_number}
continues
> please speak slowly
starts: All right, I'll speak more slowly
> what are the things i can ask
says: how cancer cells develop resistance
> the second one
says: evade the immune system
> go on
says: harder to detect
> stop
ends
