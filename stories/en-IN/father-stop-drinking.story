# A daughter asks about combining chemotherapy, asks how her father can get help to stop drinking, then says yes.
locale: en-IN
open
> can they give chemotherapy along with immunotherapy
says: radiation therapy, or targeted therapy
> how can my father get help to stop drinking alcohol
starts: Asking for help is a good step
not: Say repeat to hear something again
continues
> yes
says: not progressing rapidly
> stop
ends
