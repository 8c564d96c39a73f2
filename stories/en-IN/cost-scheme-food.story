# A son asks about costs, a government scheme and food for his father; the offer still stands.
locale: en-IN
open
> what will happen next for my father now the immunotherapy has failed
says: alternative treatment options
> how much will the new treatment cost in a private hospital
starts: I'm sorry, that's not something Care Voice can answer
continues
> is there any government scheme or insurance to cover this
starts: I'm sorry, that's not something Care Voice can answer
continues
> what food he should eat during the treatment
starts: I'm sorry, that's not something Care Voice can answer
not: {emergency_number}
continues
> yes
says: switching to a different one
> stop
ends
