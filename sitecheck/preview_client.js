// The live preview's client (sitecheck/preview.py serves it to every page of
// `invoke livereload`; it is never part of the built site). It reloads the
// page when a build is done, and shows the last build's errors as text.
(function () {
  "use strict";
  var BANNER_ID = "preview-build-errors";

  function showErrors(errors) {
    var old = document.getElementById(BANNER_ID);
    if (old) old.remove();
    if (!errors.length) return;
    var banner = document.createElement("section");
    banner.id = BANNER_ID;
    banner.setAttribute("role", "alert");
    banner.style.cssText =
      "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:40vh;" +
      "overflow:auto;margin:0;padding:0.75rem 1rem;background:#fff4f4;" +
      "color:#5c0011;border-top:3px solid #b00020;font:14px/1.4 system-ui,sans-serif";
    var heading = document.createElement("strong");
    heading.textContent =
      "The last build had " + errors.length +
      (errors.length === 1 ? " error" : " errors") + " (fix and save):";
    banner.appendChild(heading);
    var list = document.createElement("ul");
    errors.forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      item.style.whiteSpace = "pre-wrap";
      list.appendChild(item);
    });
    banner.appendChild(list);
    document.body.appendChild(banner);
  }

  var events = new EventSource("/__preview/events");
  // Marks the page as listening (the tests, and a curious author, see it).
  events.addEventListener("open", function () {
    document.documentElement.setAttribute("data-preview", "listening");
  });
  events.addEventListener("status", function (event) {
    var news = JSON.parse(event.data);
    if (document.body) showErrors(news.errors);
    else document.addEventListener("DOMContentLoaded", function () {
      showErrors(news.errors);
    });
  });
  events.addEventListener("reload", function () {
    events.close();
    location.reload();
  });
})();
