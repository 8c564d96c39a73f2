# A son says hiya, asks about adding chemo for mum, asks if he is talking to a real person, then says yes.
locale: en-GB
open
> hiya
says: Hello, it's good to hear from you
> could they add chemo to mum's immunotherapy
says: radiation therapy, or targeted therapy
> hang on, is it a real person i'm talking to
starts: I'm Care Voice, a computer voice
says: not a doctor or a real person
> yes
says: not progressing rapidly
> stop
ends
