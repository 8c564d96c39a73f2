# A bloke says g'day, asks for help giving up the durries, hears the overview and what happens next.
locale: en-AU
open
starts: Hello, and welcome to Care Voice
> g'day mate
starts: Hello, it's good to hear from you
continues
> i reckon i need a hand giving up the durries
starts: Asking for help is a good step
says: Quitline on {quit_line}
says: Would you like to hear why immunotherapy can stop working?
continues
> yeah righto
says: no longer being effectively targeted
> so what happens next for me then
says: your doctor will discuss alternative treatment options
not: Tumor cells can evolve
> cheers for that
starts: You're welcome
continues
> no worries, i'm done, see ya
starts: Thank you for talking with me
ends
