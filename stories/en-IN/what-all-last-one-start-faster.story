# A caregiver asks what all can be asked, picks the last one, starts from the beginning, speeds it up and asks if it is a doctor.
locale: en-IN
open
starts: Hello, and welcome to Care Voice
> what all can i ask you
starts: You can ask
says: about other factors
says: about stopping treatment
continues
> the last one
says: immunotherapy can still be effective for many patients
says: personalized treatment plan
> start from the beginning
says: why immunotherapy can stop working
not: personalized treatment plan
continues
> speak little faster
starts: All right, I'll speak a little faster
continues
> are you a doctor
starts: I'm Care Voice, a computer voice
says: I'm not a doctor
continues
> ok bye
starts: Thank you for talking with me
ends
