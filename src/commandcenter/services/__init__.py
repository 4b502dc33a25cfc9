"""QtCore-only services: the task runner (read / write / network lanes), and later the sync
scheduler and alerts."""
