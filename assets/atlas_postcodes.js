/* Postcode search on the Map and Target pages (dashboard/postcodes/view.py): the areas a postcode
   sector or district covers, outlined over the map. hideout: {codes: [area codes]}. */
(function () {
  "use strict";
  const sets = new WeakMap();
  // Which areas each outline layer last drew (by component id), for the tests: our bookkeeping.
  const drawn = {};

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
    drawn: drawn,
    coveredStyle: function (feature, context) {
      const key = context.id || "postcodes";
      const codes = (context.hideout || {}).codes || [];
      if (!drawn[key] || drawn[key].codes !== codes) drawn[key] = { codes: codes, styled: [] };
      drawn[key].styled.push(feature.properties.code);
      // Okabe–Ito orange, dashed, with a light fill: distinct from the black chosen-area outline.
      return { color: "#E69F00", weight: 3, dashArray: "6 4", fill: true, fillColor: "#E69F00",
               fillOpacity: 0.18, opacity: 1 };
    },
  };
})();
