/* The Map page's area colours, painted as MapLibre feature state.

   plotly.js recolours a choropleth by rebuilding its GeoJSON source, and MapLibre then re-parses and
   re-tiles every polygon in its worker: most of the time a layer change took. Here the areas are one
   MapLibre GeoJSON source of our own (the same cached static URL the figure uses) with a fill layer
   whose colour and opacity come from feature state, so a new layer only sets each area's state and
   MapLibre repaints. The figure's choropleth trace stays, transparent, for hover and click
   (dashboard/mapview/figure.py).

   Inputs (a clientside callback, dash_clientside.atlasMap.paint): the fill store
   ({classes: one byte an area, base64; colours: [no-data colour, class 0, class 1, ...];
   opacity: [per area] | null; labels: borough names for assets/map_labels.js}) and the figure,
   whose first trace gives the level's GeoJSON URL and the areas (locations). */
(function () {
  "use strict";

  const SOURCE = "atlas-areas";
  const FILL = "atlas-areas-fill";

  function mapOf(gd) {
    const full = gd && gd._fullLayout;
    return full && full.map && full.map._subplot ? full.map._subplot.map : null;
  }

  function absolute(url) {
    return new URL(url, window.location.href).href; // MapLibre fetches in a worker: no base URL
  }

  // Below every plotly.js layer, so the selected-area outline, venues and borough lines stay on top
  // (when plotly.js has added none yet, the ones it adds later go above ours anyway).
  function firstPlotlyLayer(map) {
    const layer = map.getStyle().layers.find(function (l) { return l.id.indexOf("plotly-") === 0; });
    return layer ? layer.id : undefined;
  }

  function ensureLayers(map, url) {
    const source = map.getSource(SOURCE);
    if (!source) {
      // A small tile buffer is enough for fills (no labels or wide lines cross tile edges), and the
      // edges are the fill's own 1 px outline rather than a line layer: MapLibre's worker then builds
      // only fill geometry, which brings the first painted map about 0.35 s sooner here.
      map.addSource(SOURCE, { type: "geojson", data: absolute(url), promoteId: "code", buffer: 16 });
      const below = firstPlotlyLayer(map);
      const opacity = ["coalesce", ["feature-state", "opacity"], 1];
      map.addLayer({
        id: FILL, type: "fill", source: SOURCE,
        paint: {
          "fill-color": ["coalesce", ["feature-state", "colour"], "rgba(0,0,0,0)"],
          "fill-opacity": opacity,
          "fill-outline-color": "#ffffff",
        },
      }, below);
      return;
    }
    if (source._atlasUrl !== undefined && source._atlasUrl !== url) {
      map.removeFeatureState({ source: SOURCE }); // another level's areas
      source.setData(absolute(url));
    }
    source._atlasUrl = url;
  }

  // plotly.js's own layers for the transparent choropleth are hidden, so MapLibre never tiles that
  // second copy of the areas (half its worker's work on a first visit). Hover and click are unaffected:
  // plotly.js finds the area under the pointer from its own data, not from what MapLibre draws. The
  // names follow plotly.js's scheme for a choroplethmap trace's layers ("plotly-trace-layer-<uid>-fill"
  // and "-line"); tests/browser/test_map.py checks they are found and hidden.
  function hidePlotlyAreas(map, gd) {
    const uid = gd._fullData && gd._fullData[0] && gd._fullData[0].uid;
    if (!uid || !map.style) return;
    ["-fill", "-line"].forEach(function (suffix) {
      const id = "plotly-trace-layer-" + uid + suffix;
      if (map.getLayer(id) && map.getLayoutProperty(id, "visibility") !== "none") {
        map.setLayoutProperty(id, "visibility", "none");
      }
    });
  }

  // One signed byte an area, base64 (dashboard/mapview/figure.py packed_classes).
  function unpackClasses(packed) {
    const bytes = atob(packed || "");
    const classes = new Int8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) classes[i] = (bytes.charCodeAt(i) << 24) >> 24;
    return classes;
  }

  function paint(gd, view) {
    const map = mapOf(gd);
    if (map) hidePlotlyAreas(map, gd);
    if (!map || !map.isStyleLoaded()) return false;
    const trace = view.trace;
    ensureLayers(map, trace.geojson);
    if (view.fill.labels && window.atlasMapLabels) window.atlasMapLabels.show(gd, view.fill.labels);
    const last = gd._atlasFill || { painted: 0 };
    if (last.map === map && last.codes === trace.locations && last.fill === view.fill) return true;
    const colours = view.fill.colours;
    const opacity = view.fill.opacity;
    const codes = trace.locations;
    const classes = unpackClasses(view.fill.classes);
    for (let i = 0; i < codes.length; i++) {
      map.setFeatureState(
        { source: SOURCE, id: codes[i] },
        { colour: colours[classes[i] + 1] || colours[0], opacity: opacity ? opacity[i] : 1 }
      );
    }
    // "painted" counts repaints: the browser benchmark and tests wait on it.
    gd._atlasFill = { map: map, codes: codes, fill: view.fill, painted: last.painted + 1 };
    return true;
  }

  // The latest view per graph id. The graph may not be drawn yet (plotly.js draws asynchronously)
  // or its map may be rebuilt: each plot paints from the latest view.
  const views = {};

  function paintLatest(gd) {
    const id = Object.keys(views).find(function (key) {
      const host = document.getElementById(key);
      return host && host.contains(gd);
    });
    if (id === undefined || paint(gd, views[id])) return;
    const map = mapOf(gd);
    if (!map || map._atlasFillPending) return;
    // The style, not the whole map: MapLibre's "load" waits for plotly.js's sources to be drawn too.
    map._atlasFillPending = true;
    const retry = function () {
      if (!map.isStyleLoaded()) return;
      map.off("styledata", retry);
      map._atlasFillPending = false;
      paint(gd, views[id]);
    };
    map.on("styledata", retry);
  }

  function watch(gd) {
    if (!gd._atlasFillWatched && typeof gd.on === "function") {
      gd._atlasFillWatched = true;
      gd.on("plotly_afterplot", function () { paintLatest(gd); });
      paintLatest(gd); // it may have been plotted already
    }
    // plotly.js creates the map well before its first plot is done: start loading the areas as soon
    // as MapLibre's style is ready instead of after plotly.js's own drawing (about 0.1 s sooner).
    const map = mapOf(gd);
    if (map && !map._atlasFillEarly) {
      map._atlasFillEarly = true;
      // plotly.js adds its layers later, visible: hide them as they arrive, before MapLibre tiles them.
      map.on("styledata", function () { hidePlotlyAreas(map, gd); });
      paintLatest(gd);
    }
  }

  function watchAll() {
    Object.keys(views).forEach(function (id) {
      const host = document.getElementById(id);
      const gd = host && host.querySelector(".js-plotly-plot");
      if (gd) watch(gd);
    });
  }

  // plotly.js marks the graph's div with a class when it first draws it: watch for that too.
  new MutationObserver(watchAll).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["class"],
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlasMap: {
      paint: function (fill, figure, graphId) {
        const unchanged = window.dash_clientside.no_update;
        const trace = figure && figure.data && figure.data[0];
        if (!fill || !trace) return unchanged;
        views[graphId] = { fill: fill, trace: trace };
        const host = document.getElementById(graphId);
        const gd = host && host.querySelector(".js-plotly-plot");
        if (!gd) return unchanged; // painted once plotted (watchAll, then plotly_afterplot)
        if (gd._atlasFillWatched) paintLatest(gd);
        else watch(gd);
        return unchanged;
      },
    },
  });
})();
