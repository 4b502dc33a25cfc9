"""The weekly supervision notice (督查通报) written from the window."""
