"""The reference district platform server ([7/10]). Shares domain/, never imports ui/."""
