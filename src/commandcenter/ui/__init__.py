"""Widgets. main_window.py assembles; one module per dock, dialog, view and model."""
