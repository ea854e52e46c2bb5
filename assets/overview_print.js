/* Overview printing: Plotly draws charts at screen width, so before printing every chart is re-drawn
   at the width it will have on an A4 landscape sheet (body.ov-printing lays the page out that way),
   and put back afterwards. The print button awaits this; Ctrl+P gets it through beforeprint. */
(function () {
  function graphs() {
    return Array.from(document.querySelectorAll(".ov-page .js-plotly-plot"));
  }
  function fit() {
    if (!document.querySelector(".ov-page")) { return Promise.resolve(); }
    // Charts are drawn as they come into view: draw any not drawn yet first.
    var lazy = window.atlasOverviewLazy ? window.atlasOverviewLazy.all() : Promise.resolve();
    return lazy.then(function () {
      if (!window.Plotly) { return; }
      document.body.classList.add("ov-printing");
      return Promise.all(graphs().map(function (g) {
        return window.Plotly.relayout(g, { width: Math.floor(g.parentElement.getBoundingClientRect().width) });
      }));
    });
  }
  function restore() {
    if (!window.Plotly || !document.body.classList.contains("ov-printing")) { return Promise.resolve(); }
    document.body.classList.remove("ov-printing");
    return Promise.all(graphs().map(function (g) {
      return window.Plotly.relayout(g, { width: null, autosize: true });
    }));
  }
  window.atlasOverviewPrint = { fit: fit, restore: restore };
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", restore);
})();
