# A patient asks whether the immune system can wear out, says they are depressed, then goes on.
locale: en-CA
open
> can my immune system get worn out from fighting the cancer
says: prolonged exposure to cancer cells
> i am depressed
starts: I'm so sorry. This is a lot to go through
not: I'll stop here
continues
> go on
says: when the immune system is overstimulated
> stop
ends
