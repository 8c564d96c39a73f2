# A patient asks what can be asked, picks the last one, goes back, then runs off the end.
locale: en-GB
open
> what sort of things can i ask about
says: about immune system fatigue
says: whether immunotherapy can still work
> the last one
says: still be effective for many patients
> go back
says: not progressing rapidly
> next
says: still be effective for many patients
> next
says: That was the last topic
> stop
ends
