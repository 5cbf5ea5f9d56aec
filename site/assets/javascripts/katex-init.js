// Render the math of every page with the vendored KaTeX (no network).
// pymdownx.arithmatex (generic mode) wraps each formula in an element of class
// "arithmatex" holding \( ... \) (inline) or \[ ... \] (display); Material's
// document$ observable fires on the first load and after every instant navigation.
var katexOptions = {
  delimiters: [
    { left: "\\(", right: "\\)", display: false },
    { left: "\\[", right: "\\]", display: true }
  ],
  throwOnError: false
};

// A display formula wider than the column scrolls sideways: mark it (extra.css shows a label).
function markScrollingFormulas() {
  var displays = document.querySelectorAll("div.arithmatex");
  for (var i = 0; i < displays.length; i++) {
    var wide = displays[i].scrollWidth > displays[i].clientWidth + 2;
    displays[i].classList.toggle("md-scrolls", wide);
    if (wide) {
      displays[i].setAttribute("tabindex", "0");
    }
  }
}

// Widths change after the fonts load, when a collapsed answer opens, and on resize: watch them all.
var formulaWatcher = typeof ResizeObserver !== "undefined" ? new ResizeObserver(markScrollingFormulas) : null;

document$.subscribe(function () {
  var elements = document.querySelectorAll(".arithmatex");
  for (var i = 0; i < elements.length; i++) {
    renderMathInElement(elements[i], katexOptions);
  }
  markScrollingFormulas();
  if (formulaWatcher) {
    var displays = document.querySelectorAll("div.arithmatex");
    for (var j = 0; j < displays.length; j++) {
      formulaWatcher.observe(displays[j]);
      formulaWatcher.observe(displays[j].firstElementChild || displays[j]);
    }
  }
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(markScrollingFormulas);
  }
});
window.addEventListener("resize", markScrollingFormulas);
document.addEventListener("toggle", markScrollingFormulas, true);

// The search results quote the pages' text, formulas included: render those too.
(function () {
  var list = document.querySelector(".md-search-result__list");
  if (!list) return;
  var observer = new MutationObserver(function () {
    observer.disconnect();
    renderMathInElement(list, katexOptions);
    observer.observe(list, { childList: true, subtree: true });
  });
  observer.observe(list, { childList: true, subtree: true });
})();
