"""Deterministic demo data: texts, names and site photos for seeding a plausible street office."""
