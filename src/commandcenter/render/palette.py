"""The colours the charts and the dashboard's figures share, print-friendly (they survive a
black-and-white printer): intake blue, closed green, overdue red. Free of pyqtgraph, so a widget
can use them before the charts are imported."""

INTAKE = "#1f5fa8"  # blue
CLOSED = "#2e8b3d"  # green
OVERDUE = "#c62828"  # red
