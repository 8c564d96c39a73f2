# A patient wants to butt out for good, then hears why the treatment stopped and what else, with a prognosis question between.
locale: en-CA
open
starts: Hello, and welcome to Care Voice
> i need to butt out for good, is there a line i can call to quit smoking
starts: Asking for help is a good step
says: Smokers' Helpline on {quit_line}
says: Would you like to hear why immunotherapy can stop working?
continues
> yes
says: no longer being effectively targeted
> what else
says: Tumor cells can evolve
says: Shall I go on?
> how long have i got if nothing else works either
starts: I'm sorry, that's not something Care Voice can answer
says: Shall I go on?
not: can still be effective for many patients
continues
> okay yes
says: less visible to immune cells
> that's enough for tonight, thanks, bye
starts: Thank you for talking with me
ends
