/* Borough names over the map, as HTML placed with MapLibre's own projection.
   MapLibre's text layers need glyph files fetched from the internet; the atlas works offline, so the
   names are positioned here instead and follow every pan and zoom. assets/map_fill.js calls
   atlasMapLabels.show(gd, labels) with the fill store's labels ([{name, lon, lat}]) whenever it
   paints: not from the figure, where any change would make plotly.js redraw every area. */
(function () {
  "use strict";

  function mapOf(gd) {
    const full = gd._fullLayout;
    return full && full.map && full.map._subplot ? full.map._subplot.map : null;
  }

  function show(gd, labels) {
    const map = mapOf(gd);
    if (!labels || !map || gd._atlasLabelsMap === map) return;
    gd._atlasLabelsMap = map;
    const container = map.getContainer();
    const old = container.querySelector(".atlas-map-labels");
    if (old) old.remove();
    const layer = document.createElement("div");
    layer.className = "atlas-map-labels";
    layer.setAttribute("aria-hidden", "true"); // the names are in the legend, table and profiles
    const placed = labels.map(function (label) {
      const el = document.createElement("div");
      el.className = "atlas-map-label";
      el.textContent = label.name;
      layer.appendChild(el);
      return [el, label];
    });
    container.appendChild(layer);
    function place() {
      placed.forEach(function (pair) {
        const p = map.project([pair[1].lon, pair[1].lat]);
        pair[0].style.transform = "translate(" + p.x + "px," + p.y + "px) translate(-50%,-50%)";
      });
    }
    map.on("move", place);
    map.on("resize", place);
    place();
  }

  window.atlasMapLabels = { show: show };
})();
