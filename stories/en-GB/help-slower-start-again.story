# A patient asks for help, slows the voice, hears what happens next, then starts again from the beginning.
locale: en-GB
open
> help
says: Say repeat to hear something again
says: {emergency_number}
continues
> could you go a bit slower
starts: All right, I'll speak more slowly
> what happens next
says: alternative treatment options
> start again from the beginning
continues
> yes
says: effectively targeted
> stop
ends
