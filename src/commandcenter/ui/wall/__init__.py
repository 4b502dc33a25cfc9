"""The escalation wall (升级督办墙) for the grid centre's wall screen."""
