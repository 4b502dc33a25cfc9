"""Synchronisation with the district platform ([8/10]): protocol schemas, HTTP client, outbox
push and cursor pull. No Qt, no threads."""
