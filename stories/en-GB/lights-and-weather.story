# A patient hearing about immune fatigue talks to another device twice; the conversation holds.
locale: en-GB
open
> tell me about immune system fatigue
says: prolonged exposure to cancer cells
> turn off the kitchen lights
starts: Care Voice can't do that
not: when the immune system is overstimulated
continues
> go on
says: when the immune system is overstimulated
> what's the weather going to be like tomorrow
starts: Care Voice can't do that
continues
> yes
says: less conducive to immune cell activity
> stop
ends
