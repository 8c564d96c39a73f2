# A son asks why his mum's treatment has packed up, hears it again, moves on, goes back and starts afresh.
locale: en-GB
open
starts: Hello, and welcome to Care Voice
> why's mum's immunotherapy packed up
says: no longer being effectively targeted and destroyed by your immune system
not: 999
> sorry, could you say that again
says: no longer being effectively targeted
> yes please
says: Tumor cells can evolve
says: Shall I go on?
> hang on, go back one
says: no longer being effectively targeted
not: Tumor cells can evolve
> let's start again from the top
says: why immunotherapy can stop working
continues
> cheers
starts: You're welcome
continues
> right, that's me done, bye
starts: Thank you for talking with me
ends
