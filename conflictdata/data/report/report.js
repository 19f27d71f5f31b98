/* The report's only script: filter the event list by text or by place. Works from file:// with no network. */
(function () {
  "use strict";
  var root = document.documentElement;
  window.addEventListener("error", function (e) { root.setAttribute("data-js-error", String(e.message)); });
  var input = document.getElementById("filter");
  var chip = document.getElementById("place-chip");
  var shown = document.getElementById("shown");
  var events = Array.prototype.slice.call(document.querySelectorAll("#event-list details.event"));
  var texts = events.map(function (el) { return el.textContent.toLowerCase(); });
  var place = null;

  function apply() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    events.forEach(function (el, i) {
      var ok = (place === null || el.getAttribute("data-place") === place) &&
        terms.every(function (t) { return texts[i].indexOf(t) >= 0; });
      el.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = String(count);
    chip.hidden = place === null;
  }

  function showPlace(key, label) {
    place = key;
    chip.querySelector("span").textContent = label;
    input.value = "";
    apply();
    events.forEach(function (el) { if (!el.hidden) { el.open = true; } });
    document.getElementById("events").scrollIntoView();
  }

  input.addEventListener("input", apply);
  chip.querySelector("button").addEventListener("click", function () { place = null; apply(); });
  document.querySelectorAll("button.place").forEach(function (b) {
    b.addEventListener("click", function () { showPlace(b.getAttribute("data-place"), b.textContent); });
  });
  document.getElementById("expand").addEventListener("click", function () {
    events.forEach(function (el) { if (!el.hidden) { el.open = true; } });
  });
  document.getElementById("collapse").addEventListener("click", function () {
    events.forEach(function (el) { el.open = false; });
  });
  // report.html#filter=WORDS opens the page filtered, so a link can point at a subset of events
  if (window.location.hash.indexOf("#filter=") === 0) {
    try { input.value = decodeURIComponent(window.location.hash.slice(8)); } catch (e) { input.value = ""; }
  }
  apply();
  window.addEventListener("load", function () {
    // whether each figure decoded and where it sits, for tests that look at a screenshot of the page
    document.querySelectorAll("figure[id]").forEach(function (f) {
      var img = f.querySelector("img");
      var r = img.getBoundingClientRect();
      f.setAttribute("data-loaded", img.complete && img.naturalWidth > 0 ? "1" : "0");
      f.setAttribute("data-rect", [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height].map(Math.round).join(","));
    });
    root.setAttribute("data-report-ready", "1");
  });
})();
