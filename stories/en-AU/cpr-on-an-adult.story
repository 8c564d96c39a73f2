# A carer asks about the dose and timing, then how to do CPR on an adult.
locale: en-AU
open
> does the dose and timing of the treatment matter
says: dosage and timing of administration
> how do you do cpr on an adult
starts: This sounds like it could be an emergency
says: {emergency_number}
ends
