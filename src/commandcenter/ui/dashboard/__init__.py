"""The dashboard dock: today's figures and the trends."""
