# A patient greets the skill, asks if it is a doctor, asks for help, then asks a question.
locale: en-US
open
> hello
says: Hello, it's good to hear from you
> are you a doctor
says: I'm Care Voice, a computer voice
says: not a doctor
> help
says: Say repeat to hear something again
says: {emergency_number}
continues
> what happens next
says: alternative treatment options
> stop
ends
