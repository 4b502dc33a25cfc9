"""Alerts: tray notifications, sound and the status bar's 提醒 list."""
