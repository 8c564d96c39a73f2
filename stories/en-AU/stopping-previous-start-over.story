# A patient picks the one about stopping from the list, goes back, then starts over.
locale: en-AU
open
> what can i ask
says: about stopping treatment
> the one about stopping
says: not progressing rapidly
> previous
says: radiation therapy, or targeted therapy
> start over
continues
> yep
says: effectively targeted
> stop
ends
