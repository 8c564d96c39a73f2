# A patient who missed a pill asks about Tylenol, the copay and their drinking; yes still takes up the offer each time.
locale: en-US
open
starts: Hello, and welcome to Care Voice
> i totally spaced on my pill last night, the one they gave me with the immunotherapy, what do i do
starts: For a missed, extra or wrong dose
says: call your care team now
says: {emergency_number}
not: I can't give advice about your own medicines
continues
> is it okay to take tylenol on top of my keytruda
starts: I can't give advice about your own medicines or treatment
says: Would you like to hear why immunotherapy can stop working?
not: Chemotherapy, radiation therapy
continues
> yeah go ahead
says: no longer being effectively targeted and destroyed by your immune system
says: Would you like to hear how cancer cells can develop resistance?
> how much is my copay gonna be if they put me on something new
starts: I'm sorry, that's not something Care Voice can answer
says: how cancer cells can develop resistance
not: your doctor might recommend switching
continues
> sure
says: Tumor cells can evolve
> honestly i've been hitting the bottle pretty hard since the news, where can i get help for that
starts: Asking for help is a good step
says: {substance_line}
not: {emergency_number}
continues
> that's it for today
starts: Thank you for talking with me
ends
