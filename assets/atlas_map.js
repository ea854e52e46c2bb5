/* The Map and Target maps' functions for dash-leaflet: named in Python as {"variable": "atlasMap.…"}
   (dashboard/mapview/figure.py, dashboard/targetview/figure.py). dash-leaflet calls them with
   the feature (and layer) first and the component's props last, so `context.hideout` holds the values
   the server sent first. After that each change arrives through `apply` (a store beside the areas):
   new classes and colours, never geometry.

   Areas hideout: {codes: [area codes], names: [per area], classes: each area's class (-1 = no data,
   bit-packed), colours: [no-data colour, class 0, class 1, …], opacity: [per area] | null,
   customdata: per area [value, rank, note] as packed columns, or rows as sent,
   hovertemplate: the plotly-style template the table and profile describe}. */
(function () {
  "use strict";

  // What each map last drew, per component id, for the tests and the browser benchmark: how many
  // features took the current hideout's style, and each area's fill colour. Our own bookkeeping,
  // not Leaflet's.
  const drawn = {};
  // code -> index, built once per codes array (a level change sends a new one).
  const indexes = new WeakMap();

  function indexOf(codes) {
    let index = indexes.get(codes);
    if (!index) {
      index = new Map();
      codes.forEach(function (code, i) { index.set(code, i); });
      indexes.set(codes, index);
    }
    return index;
  }

  // Whole numbers bit-packed by dashboard/mapview/figure.py (packed): {offset, bits, data}; the
  // largest code the bits hold is missing (null). Decoded once per column object.
  const decoded = new WeakMap();

  function unpack(column, n) {
    let numbers = decoded.get(column);
    if (numbers) return numbers;
    const bytes = atob(column.data || "");
    const bits = column.bits;
    const missing = Math.pow(2, bits) - 1;
    numbers = new Array(n);
    for (let i = 0; i < n; i++) {
      let code = 0;
      for (let b = 0; b < bits; b++) {
        const at = i * bits + b;
        if ((bytes.charCodeAt(at >> 3) >> (at & 7)) & 1) code += Math.pow(2, b);
      }
      numbers[i] = code === missing ? null : code + column.offset;
    }
    decoded.set(column, numbers);
    return numbers;
  }

  function classesOf(hideout) {
    return unpack(hideout.classes || { bits: 1, offset: 0, data: "" }, (hideout.codes || []).length);
  }

  // The hover's values for area i: [value, rank, note] from the packed columns, or the row as sent.
  function customdataOf(hideout, i) {
    const data = hideout.customdata;
    if (Array.isArray(data)) return data[i];
    if (!data) return undefined;
    const n = (hideout.codes || []).length;
    const value = unpack(data.values, n)[i];
    return [value === null ? null : value / data.scale, unpack(data.ranks, n)[i],
      (data.notes && data.notes[i]) || ""];
  }

  // The latest values each areas layer was sent (atlasMap.apply, a clientside callback on the store
  // beside it). The style and hover functions read whichever of the layer's own hideout (its first
  // drawing) and these the server made last (hideout.made, ms).
  const latest = {};

  // Each areas layer's features as Leaflet added them (areaFeature), with the map they are on, so
  // new values restyle them in place (restyleIfStale).
  const features = {};

  function current(context) {
    const own = context.hideout || {};
    const last = latest[context.id];
    if (last && last !== own && (last.made || 0) > (own.made || 0)) return last;
    return own;
  }

  function record(context, code, colour) {
    const key = context.id || "map";
    const hideout = current(context);
    let entry = drawn[key];
    if (!entry || entry.hideout !== hideout) {
      entry = drawn[key] = { hideout: hideout, styled: 0, colours: {},
        revision: entry ? entry.revision + 1 : 1 };
    }
    entry.styled += 1;
    entry.colours[code] = colour;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // The two number formats layers use (".1f", ",.0f" …), as d3-format shows them.
  function formatNumber(value, spec) {
    const match = /^(,)?\.(\d+)f$/.exec(spec || "");
    if (!match) return String(value);
    const digits = Number(match[2]);
    return Number(value).toLocaleString("en-GB", {
      minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: !!match[1],
    });
  }

  // A plotly-style hover template (the one the table and exports describe) filled for one area.
  function fill(template, values) {
    let missing = false;
    const text = template.replace(/<extra>.*?<\/extra>/g, "").replace(
      /%\{([a-z]+)(?:\[(\d+)\])?(?::([^}]*))?\}/g,
      function (_, name, index, spec) {
        let value = values[name];
        if (index !== undefined) value = value ? value[Number(index)] : undefined;
        if (value === null || value === undefined) {
          missing = true;
          return "";
        }
        if (name === "text" || name === "location") return escapeHtml(value);
        return typeof value === "number" ? formatNumber(value, spec) : String(value);
      }
    );
    return missing ? null : text;
  }

  function areaTooltip(feature, hideout) {
    const code = feature.properties.code;
    const i = indexOf(hideout.codes || []).get(code);
    if (i === undefined) return escapeHtml(code);
    const row = customdataOf(hideout, i);
    const values = { text: hideout.names[i], location: code, customdata: row };
    const shown = fill(hideout.hovertemplate, values);
    if (shown !== null) return shown;
    const note = row && typeof row[2] === "string" ? row[2].replace(/<br>$/, "") : "";
    return "<b>" + escapeHtml(hideout.names[i]) + "</b> · " + escapeHtml(code) + "<br>no data" +
      (note ? " (" + note + ")" : "");
  }

  function restyleIfStale(id) {
    const last = latest[id];
    const entry = drawn[id];
    const known = features[id];
    if (!last || !entry || !known || entry.hideout === last) return;
    if ((entry.hideout.made || 0) >= (last.made || 0)) return;
    const context = Object.assign({}, known.context, { hideout: last });
    known.layers.forEach(function (layer, code) {
      // A level change replaces the features: those no longer on the map are forgotten.
      if (!known.map || !known.map.hasLayer(layer)) {
        known.layers.delete(code);
        return;
      }
      layer.setStyle(ns.areaStyle(layer.feature, context));
    });
  }

  const ns = {
    drawn: drawn,

    // Each area's hover values [value, rank, note] as last drawn on a layer (for tests).
    rows: function (id) {
      const entry = drawn[id];
      if (!entry) return [];
      return (entry.hideout.codes || []).map(function (_, i) { return customdataOf(entry.hideout, i); });
    },

    // Where a place (lat, lon) is drawn in the map element of an areas layer, in CSS pixels from its
    // top left (Leaflet's latLngToContainerPoint), or null before the layer is on a map. For the
    // browser test that reads the map's pixels.
    pointOf: function (id, lat, lon) {
      const known = features[id];
      if (!known || !known.map) return null;
      const point = known.map.latLngToContainerPoint([lat, lon]);
      return [point.x, point.y];
    },

    // A map's values after a change go to a store beside its areas, not to their hideout:
    // dash-leaflet 1.1.3 rebuilds every polygon on a new hideout (and ignores one that arrives
    // while its GeoJSON loads, which once left a shared link to an upload in the default layer's
    // colours). Here the areas on the map are restyled in place at once; areas still loading take
    // the values when they are styled.
    apply: function (values, id) {
      if (!values || typeof values !== "object") return;
      latest[id] = values;
      restyleIfStale(id);
    },

    // Each area's colour from its class; areas outside a chosen borough faded.
    areaStyle: function (feature, context) {
      const hideout = current(context);
      const code = feature.properties.code;
      const i = indexOf(hideout.codes || []).get(code);
      const colours = hideout.colours || ["#cccccc"];
      const z = i === undefined ? null : classesOf(hideout)[i];
      const colour = z === null ? colours[0] : colours[z + 1] || colours[0];
      record(context, code, colour);
      return {
        fillColor: colour,
        fillOpacity: hideout.opacity && i !== undefined ? hideout.opacity[i] : 1,
        color: "#ffffff", weight: 0.6, opacity: 0.9,
      };
    },

    // The hover label: the same words plotly.js showed, from the same template.
    // Bound on the first hover only: every layer change rebuilds the 1,003 areas, and binding a
    // tooltip to each then cost about a fifth of the repaint.
    areaFeature: function (feature, layer, context) {
      const key = context.id || "map";
      if (!features[key] || features[key].map !== context.map) {
        features[key] = { map: context.map, layers: new Map(), context: context };
      }
      features[key].layers.set(feature.properties.code, layer);
      features[key].context = context;
      layer.once("mouseover", function (event) {
        layer.bindTooltip(function () { return areaTooltip(feature, current(context)); },
          { sticky: true, direction: "top", offset: [0, -8], className: "atlas-map-tooltip" });
        layer.openTooltip(event.latlng);
      });
    },

    // Only the chosen area (hideout.code), outlined black over a white halo.
    selectedOnly: function (feature, context) {
      return !!context.hideout && feature.properties.code === context.hideout.code;
    },
    haloStyle: function () { return { color: "#ffffff", weight: 7, fill: false, opacity: 1 }; },
    selectedStyle: function (feature, context) {
      record(context, feature.properties.code, "#000000");
      return { color: "#000000", weight: 3, fill: false, opacity: 1 };
    },
    boroughLine: function () { return { color: "#333333", weight: 1.4, fill: false, opacity: 1 }; },

    // Place names as text (no glyph server: works offline). Each carries its kind, and CSS shows
    // borough names at every zoom, wards from zoom 12 and LSOAs from zoom 14 (zoomClass below).
    label: function (feature, latlng) {
      return L.marker(latlng, {
        interactive: false, keyboard: false,
        icon: L.divIcon({
          className: "atlas-map-label atlas-map-label-" + feature.properties.kind,
          html: "<span>" + escapeHtml(feature.properties.name) + "</span>", iconSize: null,
        }),
      });
    },
    // The map's container says its zoom as a class, so CSS can show the labels that fit.
    zoomClass: function (event) {
      const map = event.target;
      const zoom = Math.floor(map.getZoom());
      const box = map.getContainer();
      box.className = box.className.replace(/\batlas-zoom-\d+\b/g, "").trim() + " atlas-zoom-" + zoom;
      box.setAttribute("data-zoom", String(zoom));
    },
    labelFeature: function (feature, layer, context) {
      // The first label placed sets the zoom class (zoomend keeps it current afterwards).
      if (context.map && !context.map._atlasZoomClassSet) {
        context.map._atlasZoomClassSet = true;
        ns.zoomClass({ target: context.map });
      }
    },

    // Outreach venues: a coloured dot per kind shown (hideout.kinds), its name on hover.
    venueOnly: function (feature, context) {
      return !!context.hideout && context.hideout.kinds.indexOf(feature.properties.kind) >= 0;
    },
    venue: function (feature, latlng, context) {
      const colour = (context.hideout.colours || {})[feature.properties.kind] || "#333333";
      // SVG, not the map's canvas: a canvas covers the whole map and would take the pointer from the
      // areas under it, where SVG takes it only over a dot.
      const map = context.map;
      if (!map._atlasVenueRenderer) map._atlasVenueRenderer = L.svg({ pane: "venues" });
      record(context, feature.properties.name, colour);
      return L.circleMarker(latlng, {
        radius: 5, color: "#ffffff", weight: 1.5, fillColor: colour, fillOpacity: 1,
        pane: "venues", renderer: map._atlasVenueRenderer,
      });
    },
    venueFeature: function (feature, layer) {
      layer.bindTooltip(
        "<b>" + escapeHtml(feature.properties.name) + "</b><br>" + escapeHtml(feature.properties.label),
        { direction: "top", offset: [0, -6], className: "atlas-map-tooltip" }
      );
    },

    // Target map: the shortlist's outlines (hideout.shortlist); its areas use areaStyle.
    inShortlist: function (feature, context) {
      return !!context.hideout && context.hideout.shortlist.indexOf(feature.properties.code) >= 0;
    },
    shortlistStyle: function () { return { color: "#000000", weight: 2.2, fill: false, opacity: 1 }; },
  };

  window.atlasMap = ns;
})();
