# A patient wants to leave gutka and bidi, then hears the overview, asks for more, and asks it to be repeated.
locale: en-IN
open
starts: Hello, and welcome to Care Voice
> i want to leave gutka and bidi, please tell me some helpline
starts: Asking for help is a good step
says: National Tobacco Quitline
says: {quit_line}
continues
> yes tell
says: no longer being effectively targeted
> tell me more
says: Tumor cells can evolve
> kindly repeat once more
says: Tumor cells can evolve
> thank you madam
starts: You're welcome
continues
> ok bye
starts: Thank you for talking with me
ends
