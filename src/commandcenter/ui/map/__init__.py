"""The grid map: a folium/Leaflet page in QtWebEngine, its tiles and its link to the window."""
