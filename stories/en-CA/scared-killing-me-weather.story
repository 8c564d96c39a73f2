# A frightened patient is comforted, hears the overview and the outlook despite a figure of speech, asks for the weather, and stops.
locale: en-CA
open
starts: Hello, and welcome to Care Voice
> i'm just so scared and sad all the time since they told me
starts: I'm so sorry. This is a lot to go through
says: {crisis_line}
says: Would you like to hear why immunotherapy can stop working?
not: call {emergency_number} now
continues
> yes please
says: no longer being effectively targeted
> waiting on these scans is killing me, can it still work for me down the road
says: immunotherapy can still be effective for many patients
not: I'm so sorry you're feeling this way
not: This sounds like it could be an emergency
continues
> what's the weather gonna be in winnipeg tomorrow
starts: Care Voice can't do that
continues
> stop
starts: Thank you for talking with me
ends
