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

document$.subscribe(function () {
  var elements = document.querySelectorAll(".arithmatex");
  for (var i = 0; i < elements.length; i++) {
    renderMathInElement(elements[i], katexOptions);
  }
});

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
