# A patient asks a long worried question about appointments with figures of speech; no alarm is raised.
locale: en-CA
open
> the waiting is killing me, i'm dying to know when my family doctor will get my results and book my next appointment
not: {emergency_number}
not: {crisis_line}
not: This sounds like it could be an emergency
continues
> yes
says: effectively targeted
> stop
ends
