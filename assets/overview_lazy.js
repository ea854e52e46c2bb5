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
  /* A box is drawn once its chart has plotted; the box keeps its own mark (data-plotted) rather than
     reading plotly's private state. Later redraws announce themselves with plotly_afterplot. The
     first plot can finish before a listener can be attached (plotly adds `on` to the element as it
     plots), so it also counts as plotted when its SVG is on the page and Dash's Graph no longer
     marks it pending. */
  function drawn(box) {
    if (box.dataset.plotted === "1") { return true; }
    var g = box.querySelector(".js-plotly-plot");
    if (!g) { return false; }
    if (typeof g.on === "function" && !box.dataset.listening) {
      box.dataset.listening = "1";
      g.on("plotly_afterplot", function () { box.dataset.plotted = "1"; });
    }
    if (g.querySelector(".main-svg") && !g.classList.contains("dash-graph--pending")) {
      box.dataset.plotted = "1";
    }
    return box.dataset.plotted === "1";
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
