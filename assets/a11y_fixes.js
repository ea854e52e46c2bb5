/* Keyboard and screen-reader repairs for two third-party widgets, applied whenever the page changes.

   dbc.Tabs (dash-bootstrap-components 2.0) renders every tab with tabindex="-1" and one shared id whose
   aria-controls names a panel that does not exist, so the tabs cannot be reached with Tab and a screen
   reader is pointed nowhere. Here the selected tab takes tabindex 0, each tab gets its own id, only the
   selected tab names the shown panel, and the arrow, Home, End and Space keys work as in the WAI-ARIA
   tabs pattern (moving selects, as a click does).

   dcc.Upload renders its file input with no label: it is given the drop zone's visible words.

   dcc.Dropdown (dash 4) puts an aria-hidden, read-only input in the tab order in front of its labelled
   button (tabindex -1), and hands focus on to the button: a screen reader is told the first stop is
   hidden (axe: aria-hidden-focus). The button takes the tab stop itself and the input leaves the
   order; typing on the button still opens the list filtered by what is typed. */
(function () {
  var pending = false;

  function tabsOf(list) {
    return Array.from(list.querySelectorAll('[role="tab"]'));
  }

  function repairTabs(list, n) {
    var base = list.id || "atlas-tabs-" + n;
    var content = list.nextElementSibling;
    var shown = content && content.classList.contains("tab-content")
      ? content.querySelector(':scope > [role="tabpanel"].active') : null;
    tabsOf(list).forEach(function (tab, i) {
      var selected = tab.classList.contains("active");
      var id = base + "-tab-" + i;
      if (tab.id !== id) { tab.id = id; }
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.setAttribute("tabindex", selected ? "0" : "-1");
      if (selected && shown) {
        if (!shown.id) { shown.id = base + "-panel"; }
        tab.setAttribute("aria-controls", shown.id);
        shown.setAttribute("aria-labelledby", id);
      } else {
        tab.removeAttribute("aria-controls");
      }
    });
  }

  function labelUploads() {
    document.querySelectorAll('input[type="file"]:not([aria-label])').forEach(function (input) {
      var words = (input.parentElement && input.parentElement.textContent || "").trim();
      input.setAttribute("aria-label", words || "Choose a file");
    });
  }

  function repairDropdowns() {
    document.querySelectorAll('.dash-dropdown-focus-target[tabindex="0"]').forEach(function (input) {
      var button = input.nextElementSibling;
      if (!button || !button.classList.contains("dash-dropdown")) { return; }
      input.setAttribute("tabindex", "-1");
      if (!button.disabled) { button.setAttribute("tabindex", "0"); }
    });
  }

  function repair() {
    pending = false;
    document.querySelectorAll('[role="tablist"]').forEach(repairTabs);
    labelUploads();
    repairDropdowns();
  }

  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(repair); }
  }

  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest && event.target.closest('[role="tab"]');
    var list = tab && tab.closest('[role="tablist"]');
    if (!list) { return; }
    var tabs = tabsOf(list);
    var at = tabs.indexOf(tab);
    var to = {
      ArrowRight: (at + 1) % tabs.length,
      ArrowLeft: (at - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
      " ": at,
    }[event.key];
    if (to === undefined) { return; }
    event.preventDefault();
    tabs[to].focus();
    tabs[to].click();
  });

  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["class", "tabindex"],
  });
  schedule();
})();
