"""`make bench`: the figures the issues ask for, each printed beside its target and floor."""
