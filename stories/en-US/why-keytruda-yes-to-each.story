# A patient asks why Keytruda stopped working, says yes to each offer, then no.
locale: en-US
open
starts: Hello, and welcome to Care Voice
says: Would you like to hear why immunotherapy can stop working
> why did my keytruda stop working
says: no longer being effectively targeted
says: how cancer cells can develop resistance
> yes please
says: evade the immune system
says: Shall I go on
> yeah go on
says: harder to detect
> no
starts: That's all right
continues
> stop
starts: Thank you for talking with me
ends
