# An older patient asks if it's a nurse or a robot, slows it down as far as it goes, then says yes to the offer.
locale: en-CA
open
starts: Hello, and welcome to Care Voice
> hey there
starts: Hello, it's good to hear from you
continues
> are you like a real nurse or some kind of robot
starts: I'm Care Voice, a computer voice
says: I'm not a doctor or a real person
continues
> could you talk a bit slower please
starts: All right, I'll speak more slowly
continues
> even slower than that
starts: All right, I'll speak more slowly
continues
> slower again please
starts: This is as slowly as I can speak
continues
> yes
says: no longer being effectively targeted
> thank you so much dear
starts: You're welcome
continues
