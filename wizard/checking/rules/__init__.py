"""One module per rule; ``registry.RULES`` lists them in the order they run."""
