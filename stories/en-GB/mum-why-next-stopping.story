# A daughter asks why her mum's immunotherapy has stopped working, what happens next, and why they would stop it.
locale: en-GB
open
starts: Hello, and welcome to Care Voice
> why has mum's immunotherapy stopped working
says: cancer cells are no longer being effectively targeted
not: {emergency_number}
> and what happens next for her
says: discuss alternative treatment options
> why would they stop her treatment altogether
says: not progressing rapidly
> thanks ever so much
starts: You're welcome
continues
> that's all, bye
ends
