"""What every part of the window shares: the translations, the domain's words, plain-text labels."""
