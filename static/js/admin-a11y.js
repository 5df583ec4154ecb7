// Django's SelectFilter2 puts aria-label on a bare <span> (axe-core: aria-prohibited-attr): the
// icon gets role="img", which allows its label. Runs after every "load" handler (the widgets are
// built in one).
window.addEventListener("load", function () {
  window.setTimeout(function () {
    document.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (icon) {
      if (!icon.hasAttribute("role")) {
        icon.setAttribute("role", "img");
      }
    });
  }, 0);
});
