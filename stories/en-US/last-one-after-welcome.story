# Straight after the welcome, a patient picks the last thing in the list of what can be asked.
locale: en-US
open
says: You can ask
> the last one
says: still be effective for many patients
> stop
ends
