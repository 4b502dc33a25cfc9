"""Who the window acts as: sign-in (local or at the platform), sync status, conflicts."""
