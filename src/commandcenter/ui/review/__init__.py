"""The Thursday review meeting (周例会): the week's view and its presenter."""
