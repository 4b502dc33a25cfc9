"""What the window says of a damaged database, and the backup it offers to put back."""
