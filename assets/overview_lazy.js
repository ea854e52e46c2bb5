/* Overview charts are drawn when they come into view, and the rest one per idle moment, so the page
   is usable at once instead of after every chart has been drawn in one long task. Each chart waits, as
   its Dash component's JSON, in its box's data-graph attribute (dashboard/overview/cards.py);
   drawing puts that component into the box. */
(function () {
  var observer = null;
  var scheduled = false;

  function boxes(selector) {
    return Array.from(document.querySelectorAll(".ov-lazy" + (selector || "")));
  }
  function draw(box) {
    if (!box.dataset.graph || box.dataset.drawing || !window.dash_clientside) { return; }
    box.dataset.drawing = "1";
    window.dash_clientside.set_props(box.id, { children: JSON.parse(box.dataset.graph) });
  }
  function drawn(box) {
    var g = box.querySelector(".js-plotly-plot");
    return !!(g && g._fullLayout && g.querySelector(".main-svg"));
  }
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 50); };
  /* One chart at a time, each once the previous is on the page: Plotly draws every mounted chart in
     one go, so mounting them together would bring the long task back. */
  function drawNextWhenIdle() {
    idle(function () {
      if (boxes("[data-drawing]").some(function (b) { return !drawn(b); })) {
        setTimeout(drawNextWhenIdle, 30);
        return;
      }
      var next = boxes(":not([data-drawing])")[0];
      if (next) { draw(next); drawNextWhenIdle(); }
    }, { timeout: 2000 });
  }
  function watch() {
    scheduled = false;
    var fresh = boxes(":not([data-watched])");
    if (!fresh.length) { return; }
    observer = observer || new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { draw(e.target); } });
    }, { rootMargin: "200px" });
    fresh.forEach(function (box) { box.dataset.watched = "1"; observer.observe(box); });
    drawNextWhenIdle();
  }
  new MutationObserver(function () {
    if (!scheduled) { scheduled = true; requestAnimationFrame(watch); }
  }).observe(document.documentElement, { childList: true, subtree: true });

  /* Draw every chart now; resolves once all are on the page (printing waits for this). */
  function all() {
    boxes().forEach(draw);
    return new Promise(function (resolve) {
      (function check() {
        if (boxes().every(drawn)) { resolve(); } else { requestAnimationFrame(check); }
      })();
    });
  }
  window.atlasOverviewLazy = { all: all };
})();
