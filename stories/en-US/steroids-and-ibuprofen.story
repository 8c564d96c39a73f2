# A patient asks about their own steroids and ibuprofen while hearing what happens next.
locale: en-US
open
> so what happens next now that my immunotherapy isn't working
says: discuss alternative treatment options
> should i stop taking my steroids now
starts: I can't give advice about your own medicines
not: progressing rapidly
continues
> can i take ibuprofen with my keytruda
starts: I can't give advice about your own medicines
not: in combination with immunotherapy
continues
> yes
says: switching to a different one
> bye
ends
