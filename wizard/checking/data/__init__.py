"""Tables the rules consult, kept apart from the rules so they can be updated alone."""
