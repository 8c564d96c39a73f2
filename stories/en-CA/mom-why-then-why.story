# A son asks why his mom's immunotherapy stopped working, then just says why, and what else.
locale: en-CA
open
> my mom's immunotherapy stopped working, why does that happen
says: effectively targeted
> why
says: evade the immune system
> what else
says: harder to detect
> what else
says: prolonged exposure to cancer cells
> stop
starts: Thank you for talking with me
ends
