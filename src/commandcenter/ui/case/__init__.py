"""The case panel: the case shown, its events and photos, and the action dialog."""
