/* A file over the Data page's upload limit gets a message instead of silence.

   dcc.Upload (react-dropzone) refuses a file larger than its max_size in the browser and fires no
   event a callback could hear, so nothing would happen at all. This listens, in the capture phase
   (before the drop zone), to the file input's change and the zone's drop. When a file is over the
   limit it shows the notice the page prepared, with the file's name and size filled in, in the upload
   status, and hides the form (which describes an earlier file). Datasets already added are untouched.
   Everything comes from the zone's wrapper (dashboard/dataview/data_upload.py): data-max-bytes,
   data-too-large (the notice as a Dash component), data-status-id and data-form-id. */
(function () {
  function megabytes(bytes) {
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  /* The file's name goes in as text (a React child string), never as markup. */
  function fill(node, values) {
    if (typeof node === "string") {
      return node.replace(/\{(name|size)\}/g, function (_, key) { return values[key]; });
    }
    if (Array.isArray(node)) {
      return node.map(function (child) { return fill(child, values); });
    }
    if (node && typeof node === "object") {
      var copy = {};
      Object.keys(node).forEach(function (key) { copy[key] = fill(node[key], values); });
      return copy;
    }
    return node;
  }

  function check(zone, files) {
    var limit = Number(zone.dataset.maxBytes);
    var clientside = window.dash_clientside;
    if (!files || !limit || !clientside || !clientside.set_props) { return; }
    var file = Array.from(files).find(function (f) { return f.size > limit; });
    if (!file) { return; }
    var notice = fill(JSON.parse(zone.dataset.tooLarge), {
      name: file.name, size: megabytes(file.size),
    });
    clientside.set_props(zone.dataset.statusId, { children: notice });
    if (zone.dataset.formId) {
      clientside.set_props(zone.dataset.formId, { hidden: true });
    }
  }

  function zoneOf(target) {
    return target && target.closest ? target.closest("[data-max-bytes]") : null;
  }

  document.addEventListener("change", function (event) {
    var zone = zoneOf(event.target);
    if (zone && event.target.type === "file") { check(zone, event.target.files); }
  }, true);

  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event.target);
    if (zone && event.dataTransfer) { check(zone, event.dataTransfer.files); }
  }, true);
})();
