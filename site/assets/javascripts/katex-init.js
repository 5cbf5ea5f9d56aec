// Render the math of every page with the vendored KaTeX (no network).
// pymdownx.arithmatex (generic mode) wraps each formula in an element of class
// "arithmatex" holding \( ... \) (inline) or \[ ... \] (display); Material's
// document$ observable fires on the first load and after every instant navigation.
document$.subscribe(function () {
  var elements = document.querySelectorAll(".arithmatex");
  for (var i = 0; i < elements.length; i++) {
    renderMathInElement(elements[i], {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true }
      ],
      throwOnError: false
    });
  }
});
