# A son says his father's immunotherapy is not working since one year and asks the reason, then asks for more.
locale: en-IN
open
> my father is taking immunotherapy since one year, now doctor is saying it is not working, what is the reason
says: effectively targeted
> please tell me more
says: evade the immune system
> what else
says: harder to detect
> thank you
starts: You're welcome
continues
> stop
ends
