# A son asks the options for his father, the private hospital cost, says yes to the offer, and asks about his father's daily drinking.
locale: en-IN
open
starts: Hello, and welcome to Care Voice
> what are the options for my father after the immunotherapy has failed
says: your doctor will discuss alternative treatment options
says: Would you like to hear about changing the type of immunotherapy?
> what will be the cost of the new treatment in a private hospital
starts: I'm sorry, that's not something Care Voice can answer
says: changing the type of immunotherapy
continues
> yes
says: your doctor might recommend switching to a different one
> he is also drinking daily, how to make him stop the drinking
starts: Asking for help is a good step
says: {substance_line}
continues
> no
starts: That's all right
continues
> stop
starts: Thank you for talking with me
ends
