# A daughter asks what all she can ask, picks the last one, and asks to hear it again.
locale: en-IN
open
> what all can i ask
says: how cancer cells develop resistance
says: whether immunotherapy can still work
> the last one
says: still be effective for many patients
> kindly repeat
says: still be effective for many patients
> stop
ends
