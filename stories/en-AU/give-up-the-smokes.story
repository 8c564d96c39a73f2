# A patient hears about immune fatigue, asks for help giving up the smokes, then goes on.
locale: en-AU
open
> can the immune system just get exhausted
says: prolonged exposure to cancer cells
> i need some help to give up the smokes
starts: Asking for help is a good step
not: Say repeat to hear something again
continues
> go on
says: when the immune system is overstimulated
> stop
ends
