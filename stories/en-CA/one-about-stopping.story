# A patient asks what can be asked, picks the one about stopping, then accepts the next offer.
locale: en-CA
open
> what can i ask
says: about combining immunotherapy with other therapies
says: about stopping treatment
> the one about stopping
says: not progressing rapidly
not: switching to a different one
> yes
says: still be effective for many patients
> stop
ends
