# A daughter asks what she can ask for her mom, picks the second topic, hears it all, then slows the skill down.
locale: en-US
open
starts: Hello, and welcome to Care Voice
> okay so what kinds of stuff can i ask you about
starts: You can ask
says: how cancer cells develop resistance
says: whether immunotherapy can still work
continues
> the second one
says: Tumor cells can evolve and develop mechanisms to evade the immune system
says: Shall I go on?
not: autoimmunity
> uh huh keep going
says: less visible to immune cells
not: Tumor cells can evolve
> sorry the dog was barking can you run that by me again
says: less visible to immune cells
> whoa can you slow it down some, my mom doesn't hear so good
starts: All right, I'll speak more slowly
continues
> yes
says: The immune system can become exhausted
not: 911
> okay we're all set, bye now
starts: Thank you for talking with me
ends
