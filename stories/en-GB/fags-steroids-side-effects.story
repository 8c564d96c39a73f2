# A patient wants to pack in the fags, asks about his steroids and side effects, and keeps saying yes to the offer.
locale: en-GB
open
starts: Hello, and welcome to Care Voice
> i want to pack in the fags for good, can you help me with that
starts: Asking for help is a good step
says: Your care team can help you find support
says: Would you like to hear why immunotherapy can stop working?
continues
> yes go on then
says: no longer being effectively targeted
> should i come off my steroids now that it's not working
starts: I can't give advice about your own medicines or treatment
not: stopping treatment may be the best option
says: how cancer cells can develop resistance
continues
> yeah
says: Tumor cells can evolve
> what side effects will the new one they want to try give me
starts: I'm sorry, that's not something Care Voice can answer
says: Shall I go on?
continues
> no thanks
starts: That's all right
continues
> ta-ra
starts: Thank you for talking with me
ends
