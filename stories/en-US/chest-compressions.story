# A caregiver hears what happens next, then asks how to give chest compressions.
locale: en-US
open
> what happens next
says: alternative treatment options
> how do i give chest compressions
starts: This sounds like it could be an emergency
says: {emergency_number}
ends
