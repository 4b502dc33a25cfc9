"""Document builders ([9/10], [10/10]): ledger, review pack and notice as Qt-free documents."""
