# After the first answer a patient asks about side effects and how long they have; the offer still stands.
locale: en-US
open
> why has my immunotherapy stopped working
says: effectively targeted
> what are the side effects of opdivo
starts: I'm sorry, that's not something Care Voice can answer
not: when the immune system is overstimulated
continues
> yes
says: evade the immune system
> how long do i have
starts: I'm sorry, that's not something Care Voice can answer
not: still be effective
not: {emergency_number}
continues
> go on
says: harder to detect
> stop
ends
