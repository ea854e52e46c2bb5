/* Postcode search on the Map and Target pages (dashboard/postcodes/view.py): the areas a postcode
   sector or district covers, outlined over the map. hideout: {codes: [area codes]}. */
(function () {
  "use strict";
  const sets = new WeakMap();

  function codesOf(context) {
    const hideout = (context && context.hideout) || {};
    const codes = hideout.codes || [];
    let set = sets.get(codes);
    if (!set) {
      set = new Set(codes);
      sets.set(codes, set);
    }
    return set;
  }

  window.atlasPostcodes = {
    coveredOnly: function (feature, context) {
      return codesOf(context).has(feature.properties.code);
    },
    coveredStyle: function () {
      // Okabe–Ito orange, dashed, with a light fill: distinct from the black chosen-area outline.
      return { color: "#E69F00", weight: 3, dashArray: "6 4", fill: true, fillColor: "#E69F00",
               fillOpacity: 0.18, opacity: 1 };
    },
  };
})();
