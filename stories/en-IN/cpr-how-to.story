# A son asks what the options are now, then how to give CPR to an old person.
locale: en-IN
open
> what are the other options if immunotherapy is not working
says: alternative treatment options
> how to give cpr to an old person
starts: This sounds like it could be an emergency
says: {emergency_number}
ends
