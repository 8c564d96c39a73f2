# A patient hears what happens next, asks about clinical trials and a PD-L1 test, then takes the offer.
locale: en-CA
open
> what happens next for me
says: alternative treatment options
> are there any clinical trials i could get into
starts: I'm sorry, that's not something Care Voice can answer
not: in combination with immunotherapy
continues
> what does my pd-l1 test result mean
starts: I'm sorry, that's not something Care Voice can answer
not: evade the immune system
not: harder to detect
continues
> yes
says: switching to a different one
> stop
ends
