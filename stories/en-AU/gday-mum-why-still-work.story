# A son says g'day, asks why mum's immunotherapy stopped, asks why again, then whether it can still work.
locale: en-AU
open
> g'day
says: Hello, it's good to hear from you
> why's mum's immunotherapy stopped working
says: effectively targeted
> but why
says: evade the immune system
> righto, and can immunotherapy still work for her down the track
says: still be effective for many patients
> thanks heaps
starts: You're welcome
> stop
ends
