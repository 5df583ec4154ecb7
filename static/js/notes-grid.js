// Mark book grids: Tab, Enter and the arrow keys move down (and up) a column, like a
// spreadsheet; at the bottom of a column Tab goes to the top of the next one. Without
// JavaScript the grid is an ordinary form (Tab goes along the row).
(function () {
  "use strict";
  document.querySelectorAll("[data-notes-grid]").forEach(function (table) {
    var columns = {};
    table.querySelectorAll("[data-grid-col]").forEach(function (input) {
      var col = input.getAttribute("data-grid-col");
      (columns[col] = columns[col] || []).push(input);
    });
    var keys = Object.keys(columns).sort();
    table.addEventListener("keydown", function (event) {
      var input = event.target;
      var col = input.getAttribute && input.getAttribute("data-grid-col");
      if (col === null || col === undefined) { return; }
      var list = columns[col];
      var index = list.indexOf(input);
      var step = 0;
      if (event.key === "Tab") { step = event.shiftKey ? -1 : 1; }
      else if (event.key === "Enter" || (event.key === "ArrowDown" && input.tagName !== "SELECT")) { step = 1; }
      else if (event.key === "ArrowUp" && input.tagName !== "SELECT") { step = -1; }
      if (!step) { return; }
      var target = list[index + step];
      if (!target && event.key === "Tab") {
        var next = columns[keys[keys.indexOf(col) + step]];
        if (!next) { return; } // leave the grid: the browser's own order
        target = step > 0 ? next[0] : next[next.length - 1];
      }
      if (!target) { if (event.key === "Enter") { event.preventDefault(); } return; }
      event.preventDefault();
      target.focus();
      if (target.select) { target.select(); }
    });
  });
})();
