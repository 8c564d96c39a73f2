# A daughter hearing about resistance sees signs of a stroke in her mum.
locale: en-AU
open
> can cancer cells become resistant to immunotherapy
says: evade the immune system
> hang on, mum's face has gone all droopy and she can't lift her arm
starts: This sounds like it could be an emergency
says: {emergency_number}
ends
