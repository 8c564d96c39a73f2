# A patient whose GP says it isn't working asks about a scan and how long mum has got; the offer still stands.
locale: en-GB
open
> my GP says the immunotherapy isn't working any more, why would that be
says: effectively targeted
> what did my CT scan show
starts: I'm sorry, that's not something Care Voice can answer
not: evade the immune system
continues
> how long has mum got left
starts: I'm sorry, that's not something Care Voice can answer
not: still be effective
continues
> yes
says: evade the immune system
> stop
ends
