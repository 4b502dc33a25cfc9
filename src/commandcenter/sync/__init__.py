"""Synchronisation with the district platform ([8/10]): the HTTP transport with its retry
policy, the protocol's calls parsed strictly, the engine that pushes the outbox and pulls the
feed, and the keeping of credentials. No Qt here."""
