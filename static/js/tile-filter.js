/* Progressive enhancement of the "Mes applications" search: filters the tiles while typing.
   Without JavaScript the search form is submitted and filtered by the server. */
(function () {
  "use strict";
  var input = document.querySelector("[data-tile-filter]");
  if (!input) { return; }
  var status = document.getElementById("tile-filter-status");
  var empty = document.querySelector("[data-tile-empty]");
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-tile-group]"));

  function normalise(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var timer = null;
  function apply() {
    var words = normalise(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    groups.forEach(function (group) {
      var visibleInGroup = 0;
      group.querySelectorAll("[data-tile]").forEach(function (tile) {
        var haystack = tile.getAttribute("data-search") || "";
        var match = words.every(function (word) { return haystack.indexOf(word) !== -1; });
        tile.hidden = !match;
        if (match) { visibleInGroup += 1; }
      });
      group.hidden = visibleInGroup === 0;
      shown += visibleInGroup;
    });
    if (empty) { empty.classList.toggle("fr-hidden", shown !== 0); }
    if (status) {
      clearTimeout(timer);
      // Announced once typing pauses, not at every key.
      timer = setTimeout(function () {
        status.textContent = words.length ? shown + (shown > 1 ? " applications affichées." : " application affichée.") : "";
      }, 500);
    }
  }
  input.addEventListener("input", apply);
})();
