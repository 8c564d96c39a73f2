# A patient asks about Nurofen with Keytruda and stopping blood pressure tablets; never a passage.
locale: en-AU
open
> yes
says: effectively targeted
> can i take nurofen with my keytruda
starts: I can't give advice about your own medicines
not: in combination with immunotherapy
continues
> should i stop my blood pressure tablets while i'm on it
starts: I can't give advice about your own medicines
not: progressing rapidly
not: {emergency_number}
continues
> yep
says: evade the immune system
> stop
ends
