# A patient says hello, gives other devices' commands, asks if it is a real person, then says yes.
locale: en-IN
open
> hello
says: Hello, it's good to hear from you
> switch off the lights in the hall
says: Care Voice can't do that
continues
> play some bhajans
says: Care Voice can't do that
not: effectively targeted
continues
> are you a real person or a recording
says: I'm Care Voice, a computer voice
> yes
says: effectively targeted
> stop
ends
