"""The escalation timeline of the selected case."""
