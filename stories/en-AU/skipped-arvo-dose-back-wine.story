# A patient skipped a dose, says yep twice, goes back, asks about wine with the Keytruda, and stops.
locale: en-AU
open
starts: Hello, and welcome to Care Voice
> i think i skipped a dose of my tablets yesterday arvo
starts: For a missed, extra or wrong dose
says: {emergency_number}
says: Would you like to hear why immunotherapy can stop working?
continues
> yep
says: no longer being effectively targeted
> yep
says: Tumor cells can evolve
> go back to the one before
says: no longer being effectively targeted
not: Tumor cells can evolve
> can i have a glass of wine with my keytruda
starts: I can't give advice about your own medicines or treatment
not: Asking for help is a good step
continues
> stop
starts: Thank you for talking with me
ends
