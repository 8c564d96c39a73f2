# A patient says hi, asks for music, asks if it is a doctor, then says yes to the first offer.
locale: en-CA
open
> hi there
says: Hello, it's good to hear from you
> play some music
says: Care Voice can't do that
not: effectively targeted
continues
> are you a doctor
says: I'm Care Voice, a computer voice
says: not a doctor
> yes
says: effectively targeted
> stop
ends
