"""The case queues and the grid tree that filters them."""
