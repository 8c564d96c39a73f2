# A patient asks about autoimmunity, asks another device's questions twice, then hears the rest.
locale: en-AU
open
> what's autoimmunity
says: when the immune system is overstimulated
> what's the weather in brisbane this arvo
starts: Care Voice can't do that
continues
> set an alarm for seven tomorrow
starts: Care Voice can't do that
not: prolonged exposure to cancer cells
continues
> yes
says: prolonged exposure to cancer cells
> stop
ends
