# A patient took a double dose of a steroid by mistake, then carries on with what happens next.
locale: en-US
open
> what happens next for me
says: alternative treatment options
> i think i took a double dose of my steroid by accident this morning
starts: For a missed, extra or wrong dose
not: {crisis_line}
not: switching to a different one
continues
> yes
says: switching to a different one
> stop
ends
