/* Widget builder (organisers): writes the snippets partners paste and previews the widget. */
(function () {
  "use strict";
  var form = document.getElementById("widget-builder");
  if (!form) return;
  var lang = document.getElementById("widget-lang");
  var track = document.getElementById("widget-track");
  var preview = document.getElementById("widget-preview");

  function attr(value) { return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;"); }

  function update() {
    var slug = form.dataset.event;
    var script = '<script src="' + attr(form.dataset.scriptUrl) + '" data-event="' + attr(slug) +
      '"' + (lang.value ? ' data-lang="' + attr(lang.value) + '"' : "") +
      (track.value ? ' data-track="' + attr(track.value) + '"' : "") + " async></" + "script>";
    // Without a language the script follows the partner page's <html lang>; a frame has none
    // to follow, so it shows the event's first language.
    var params = [];
    if (lang.value) params.push("lang=" + encodeURIComponent(lang.value));
    if (track.value) params.push("track=" + encodeURIComponent(track.value));
    var query = params.length ? "?" + params.join("&") : "";
    var frame = '<iframe src="' + attr(form.dataset.frameUrl + query) + '" title="' + attr(form.dataset.frameTitle) +
      '" width="100%" height="640" loading="lazy"></iframe>';
    document.getElementById("widget-snippet").value = script;
    document.getElementById("widget-iframe").value = frame;
    if (window.ForumWidget) {
      window.ForumWidget.mount(preview, { event: slug, lang: lang.value, track: track.value, base: location.origin });
    }
  }

  lang.addEventListener("change", update);
  track.addEventListener("change", update);
  if (window.ForumWidget) update();
  else window.addEventListener("load", update);
})();
