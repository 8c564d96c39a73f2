# Straight after the welcome a patient asks for help to quit drinking, then accepts the offer.
locale: en-US
open
> can you help me quit drinking
says: Asking for help is a good step
not: Say repeat to hear something again
continues
> yes
says: effectively targeted
> stop
ends
