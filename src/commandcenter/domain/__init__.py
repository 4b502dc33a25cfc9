"""Pure-Python domain: grids, people, taxonomy, cases, events, lifecycle. Imports nothing of the
project and nothing of Qt."""
