# A patient asks about private health insurance and a beer on immunotherapy; the offer still stands.
locale: en-AU
open
> what happens next now the immunotherapy's not working
says: alternative treatment options
> will my private health insurance cover a different immunotherapy
starts: I'm sorry, that's not something Care Voice can answer
not: switching to a different one
continues
> is it ok to have a beer or two while i'm on immunotherapy
starts: I'm sorry, that's not something Care Voice can answer
continues
> yes
says: switching to a different one
> stop
ends
