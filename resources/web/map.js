/* The command centre's map page. Python pushes data in (as JSON, through QWebChannel or
 * runJavaScript) and hears clicks back through the channel's `bridge` object. Every text from
 * cases, grids or people is set with textContent: nothing from the data is ever parsed as HTML
 * or code. The page is built once; updates change layers in place (never a reload). */
"use strict";

window.cc = (function () {
  const LIGHTS = { green: "#2e7d32", yellow: "#f9a825", red: "#c62828", none: "#78909c" };
  let map = null;
  let bridge = null;
  let gridLayer = null;
  let clusters = null;
  const markers = new Map(); // case id -> marker
  let selectedCase = null;
  let selectedGrid = null;
  let colours = {}; // grid code -> fill colour (the chosen figure)
  let pendingFit = null; // bounds to fit once the map has a size (a hidden dock has none)
  let fillLevel = null; // the finest level shown is filled; coarser ones are outlines
  let legend = null;
  let tiles = null;
  let labels = null; // the filled level's names and leaders, shown when zoomed in enough
  const LABEL_ZOOM = 15;
  // distinct: tile addresses loaded; a tile shown again comes from the browser's cache
  window.ccTiles = { loaded: 0, failed: 0, distinct: 0 };
  const tileUrls = new Set();
  window.ccLoads = (window.ccLoads || 0) + 1;
  window.ccAcks = 0;

  function label(text, className) {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    return span;
  }

  function gridStyle(feature) {
    const p = feature.properties;
    const chosen = p.code === selectedGrid;
    const filled = fillLevel === null || p.level === fillLevel;
    return {
      color: chosen ? "#0d47a1" : "#37474f",
      weight: chosen ? 3 : filled ? 1 : 2.5 - 0.5 * (p.level || 1),
      fill: filled,
      fillColor: colours[p.code] || "#cfd8dc",
      fillOpacity: 0.45,
    };
  }

  function markerStyle(light, chosen) {
    return {
      radius: chosen ? 9 : 6,
      color: chosen ? "#0d47a1" : "#ffffff",
      weight: chosen ? 3 : 1,
      fillColor: LIGHTS[light] || LIGHTS.none,
      fillOpacity: 0.95,
    };
  }

  function init(leafletMap) {
    map = leafletMap;
    map.attributionControl.setPrefix("");
    // Without a tile layer the map has no zoom range, which marker clusters need.
    map.setMinZoom(10);
    map.setMaxZoom(19);
    map.on("resize", fitIfPending);
    map.on("zoomend", showLabels);
    // No animations: a duty officer's map should settle at once (and tests can read it).
    clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      animate: false,
    });
    map.addLayer(clusters);
    if (window.qt && window.qt.webChannelTransport) {
      new QWebChannel(window.qt.webChannelTransport, function (channel) {
        bridge = channel.objects.bridge;
        bridge.pageReady(window.ccLoads);
      });
    }
  }

  function setGrids(features, fit, level) {
    fillLevel = level === undefined ? null : level;
    if (gridLayer) map.removeLayer(gridLayer);
    gridLayer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: gridStyle,
      onEachFeature: function (feature, layer) {
        const p = feature.properties;
        const tip = document.createElement("div");
        tip.appendChild(label(p.name, "cc-grid-name"));
        if (p.leader) {
          tip.appendChild(document.createElement("br"));
          tip.appendChild(label(p.leader, "cc-grid-leader"));
        }
        layer.bindTooltip(tip, { sticky: true });
        layer.on("click", function () {
          selectGrid(p.code);
          if (bridge) bridge.gridClicked(p.code);
        });
      },
    });
    gridLayer.addTo(map);
    gridLayer.bringToBack();
    makeLabels(features);
    if (fit && features.length) {
      pendingFit = gridLayer.getBounds();
      fitIfPending();
    }
    return features.length;
  }

  function makeLabels(features) {
    if (labels) map.removeLayer(labels);
    labels = L.layerGroup();
    gridLayer.eachLayer(function (layer) {
      const p = layer.feature.properties;
      if (fillLevel !== null && p.level !== fillLevel) return;
      const box = document.createElement("div");
      box.appendChild(label(p.name, "cc-label-name"));
      if (p.leader) {
        box.appendChild(document.createElement("br"));
        box.appendChild(label(p.leader, "cc-label-leader"));
      }
      box.style.cssText = "font:11px sans-serif;text-align:center;white-space:nowrap;color:#263238;text-shadow:0 0 2px #fff,0 0 2px #fff";
      const icon = L.divIcon({ html: box, className: "cc-grid-label", iconSize: null });
      labels.addLayer(L.marker(layer.getCenter(), { icon: icon, interactive: false, keyboard: false }));
    });
    showLabels();
  }

  function showLabels() {
    if (!labels) return;
    const wanted = map.getZoom() >= LABEL_ZOOM;
    if (wanted && !map.hasLayer(labels)) labels.addTo(map);
    if (!wanted && map.hasLayer(labels)) map.removeLayer(labels);
  }

  function fitIfPending() {
    const size = map.getSize();
    if (pendingFit && size.x > 0 && size.y > 0) {
      map.fitBounds(pendingFit, { animate: false });
      pendingFit = null;
    }
  }

  /* The base map: a tile URL template, or none (the grids on a plain background). */
  function setTiles(template, attribution) {
    if (tiles) map.removeLayer(tiles);
    tiles = null;
    if (!template) return;
    tiles = L.tileLayer(template, { maxZoom: 19, attribution: attribution || "" });
    tiles.on("tileload", function (e) {
      window.ccTiles.loaded += 1;
      tileUrls.add(e.tile.src);
      window.ccTiles.distinct = tileUrls.size;
    });
    tiles.on("tileerror", function () { window.ccTiles.failed += 1; });
    tiles.addTo(map);
    tiles.bringToBack();
  }

  /* Show every grid (the street at a glance). */
  function fitAll() {
    if (gridLayer) {
      pendingFit = gridLayer.getBounds();
      fitIfPending();
    }
  }

  function colourGrids(byCode, title, items) {
    colours = byCode || {};
    if (gridLayer) gridLayer.setStyle(gridStyle);
    if (legend) map.removeControl(legend);
    legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      const box = L.DomUtil.create("div", "cc-legend");
      box.style.cssText = "background:#fff;padding:6px 8px;border-radius:4px;font:12px sans-serif;line-height:18px";
      box.appendChild(label(title || "", "cc-legend-title"));
      (items || []).forEach(function (item) {
        const row = document.createElement("div");
        const swatch = document.createElement("span");
        swatch.style.cssText = "display:inline-block;width:14px;height:10px;margin-right:6px;opacity:0.7";
        swatch.style.background = item[0];
        row.appendChild(swatch);
        row.appendChild(label(item[1], "cc-legend-item"));
        box.appendChild(row);
      });
      return box;
    };
    legend.addTo(map);
    window.ccAcks += 1;
    if (bridge) bridge.updated(window.ccAcks);
  }

  function legendText() {
    const box = document.querySelector(".cc-legend");
    return box ? box.textContent : "";
  }

  function gridColour(code) {
    let colour = null;
    gridLayer.eachLayer(function (layer) {
      if (layer.feature.properties.code === code) colour = layer.options.fill ? layer.options.fillColor : null;
    });
    return colour;
  }

  function caseTip(m) {
    const tip = document.createElement("div");
    tip.appendChild(label(m.no, "cc-case-no"));
    if (m.desc) {
      tip.appendChild(document.createElement("br"));
      tip.appendChild(label(m.desc, "cc-case-desc"));
    }
    return tip;
  }

  function makeMarker(m) {
    const marker = L.circleMarker([m.lat, m.lon], markerStyle(m.light, m.id === selectedCase));
    marker.ccData = m;
    marker.bindTooltip(caseTip(m));
    marker.on("click", function () {
      if (bridge) bridge.caseClicked(m.id);
    });
    return marker;
  }

  function setMarkers(list) {
    clusters.clearLayers();
    markers.clear();
    const made = list.map(function (m) {
      const marker = makeMarker(m);
      markers.set(m.id, marker);
      return marker;
    });
    clusters.addLayers(made);
    return markers.size;
  }

  /* Replace the markers of these ids: present ones are updated or added, `gone` ids removed. */
  function updateMarkers(list, gone) {
    (gone || []).forEach(function (id) {
      const old = markers.get(id);
      if (old) {
        clusters.removeLayer(old);
        markers.delete(id);
      }
    });
    list.forEach(function (m) {
      const old = markers.get(m.id);
      if (old) {
        old.ccData = m;
        old.setLatLng([m.lat, m.lon]);
        old.setStyle(markerStyle(m.light, m.id === selectedCase));
        old.setTooltipContent(caseTip(m));
      } else {
        const marker = makeMarker(m);
        markers.set(m.id, marker);
        clusters.addLayer(marker);
      }
    });
    window.ccAcks += 1;
    if (bridge) bridge.updated(window.ccAcks);
    return markers.size;
  }

  function selectCase(id, pan) {
    const before = markers.get(selectedCase);
    if (before) before.setStyle(markerStyle(before.ccData.light, false));
    selectedCase = id;
    const marker = markers.get(id);
    if (!marker) return false;
    marker.setStyle(markerStyle(marker.ccData.light, true));
    if (pan) {
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 16), { animate: false });
    }
    return true;
  }

  function selectGrid(code) {
    selectedGrid = code;
    if (!gridLayer) return false;
    gridLayer.setStyle(gridStyle);
    let found = null;
    gridLayer.eachLayer(function (layer) {
      if (layer.feature.properties.code === code) found = layer;
    });
    return found !== null;
  }

  function gridBounds(code) {
    let found = null;
    gridLayer.eachLayer(function (layer) {
      if (layer.feature.properties.code === code) found = layer.getBounds();
    });
    return found ? JSON.stringify([found.getSouthWest(), found.getNorthEast()]) : "null";
  }

  function markerColour(id) {
    const marker = markers.get(id);
    return marker ? marker.options.fillColor : null;
  }

  return {
    init, setTiles, setGrids, fitAll, colourGrids, legendText, gridColour, setMarkers, updateMarkers, selectCase, selectGrid,
    gridBounds, markerColour,
    markerCount: function () { return markers.size; },
    /* The texts the tooltips hold (tests check they are literal). */
    tooltipTexts: function () {
      const out = [];
      markers.forEach(function (marker) {
        out.push(marker.getTooltip().getContent().textContent);
      });
      if (gridLayer) {
        gridLayer.eachLayer(function (layer) {
          out.push(layer.getTooltip().getContent().textContent);
        });
      }
      if (labels) {
        labels.eachLayer(function (marker) {
          out.push(marker.options.icon.options.html.textContent);
        });
      }
      return out;
    },
    gridCount: function () { return gridLayer ? gridLayer.getLayers().length : 0; },
    labelsShown: function () { return labels !== null && map.hasLayer(labels); },
    labelCount: function () { return labels ? labels.getLayers().length : 0; },
    zoomTo: function (zoom) { map.setZoom(zoom, { animate: false }); },
    /* For tests and diagnostics: where a grid's centre is on screen, and what is selected. */
    gridPoint: function (code) {
      let point = null;
      gridLayer.eachLayer(function (layer) {
        if (layer.feature.properties.code === code) point = map.latLngToContainerPoint(layer.getCenter());
      });
      return point ? [point.x, point.y] : null;
    },
    markerPoint: function (id) {
      const marker = markers.get(id);
      if (!marker || !map.hasLayer(marker)) return null; // absent, or inside a cluster
      const point = map.latLngToContainerPoint(marker.getLatLng());
      return [point.x, point.y];
    },
    selection: function () {
      const marker = markers.get(selectedCase);
      const centre = map.getCenter();
      return {
        grid: selectedGrid,
        case: selectedCase,
        centre: [centre.lat, centre.lng],
        marker: marker ? [marker.getLatLng().lat, marker.getLatLng().lng] : null,
      };
    },
  };
})();
