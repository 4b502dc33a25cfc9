"""Renders document models to PDF, print, PNG and PPTX with QtGui ([9/10], [10/10])."""
