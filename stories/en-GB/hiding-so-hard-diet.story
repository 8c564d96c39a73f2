# A patient asks whether cancer can hide, says it is all so hard, hears the rest, then asks about diet.
locale: en-GB
open
> can the cancer hide from my immune system
says: harder to detect
> this is all so hard
starts: I'm so sorry. This is a lot to go through
not: I'll stop here
continues
> yes
says: evade the immune system
> what should i be eating while i'm on immunotherapy
starts: I'm sorry, that's not something Care Voice can answer
not: {emergency_number}
continues
> stop
ends
