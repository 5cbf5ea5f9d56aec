// The playground: shows runs the reference trained when the site was built (figures/playground.json).
// No computation of the network here: the page only looks up the chosen run and draws it.
(function () {
  "use strict";

  function colours() {
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    return {
      region: dark ? ["#1c3b57", "#5a3a1a"] : ["#c6dbef", "#fdd0a2"],
      point: ["#1f77b4", "#ff7f0e"],
      edge: dark ? "#e0e0e0" : "#222222",
      line: dark ? "#8ab4f8" : "#3f51b5",
      axis: dark ? "#bbbbbb" : "#555555",
    };
  }

  function drawBoundary(canvas, data, set, run) {
    var ctx = canvas.getContext("2d");
    var size = canvas.width, n = data.grid, c = colours();
    var box = set.box;
    ctx.clearRect(0, 0, size, size);
    if (run) {
      var cell = size / n;
      for (var row = 0; row < n; row++) {
        for (var col = 0; col < n; col++) {
          ctx.fillStyle = c.region[run.regions.charAt(row * n + col) === "1" ? 1 : 0];
          // Row 0 is the lowest y: draw it at the bottom.
          ctx.fillRect(col * cell, size - (row + 1) * cell, Math.ceil(cell), Math.ceil(cell));
        }
      }
    }
    set.points.forEach(function (p, i) {
      var x = (p[0] - box[0]) / (box[1] - box[0]) * size;
      var y = size - (p[1] - box[2]) / (box[3] - box[2]) * size;
      ctx.beginPath();
      ctx.arc(x, y, 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = c.point[set.labels[i]];
      ctx.fill();
      ctx.strokeStyle = c.edge;
      ctx.lineWidth = 0.8;
      ctx.stroke();
    });
  }

  // The recorded costs (every record_every iterations) and the final cost after the last iteration: [[iteration, cost]].
  function costPoints(data, run) {
    var points = run.costs.map(function (cost, i) { return [i * data.record_every, cost]; });
    if (points[points.length - 1][0] < data.iterations) points.push([data.iterations, run.final_cost]);
    return points;
  }

  function drawCosts(svg, data, run) {
    var c = colours();
    var w = 320, h = 200, pad = 34;
    var parts = ['<rect x="0" y="0" width="' + w + '" height="' + h + '" fill="none"/>'];
    parts.push('<line x1="' + pad + '" y1="' + (h - pad) + '" x2="' + (w - 8) + '" y2="' + (h - pad) + '" stroke="' + c.axis + '"/>');
    parts.push('<line x1="' + pad + '" y1="8" x2="' + pad + '" y2="' + (h - pad) + '" stroke="' + c.axis + '"/>');
    var top = 1.0;
    if (run) {
      var curve = costPoints(data, run);
      top = Math.max(0.8, Math.max.apply(null, curve.map(function (p) { return p[1]; })));
      var pts = curve.map(function (p) {
        var x = pad + (p[0] / data.iterations) * (w - 8 - pad);
        var y = (h - pad) - (p[1] / top) * (h - pad - 8);
        return x.toFixed(1) + "," + y.toFixed(1);
      });
      parts.push('<polyline fill="none" stroke="' + c.line + '" stroke-width="2" points="' + pts.join(" ") + '"/>');
    }
    parts.push('<text x="' + (pad - 4) + '" y="14" font-size="10" text-anchor="end" fill="' + c.axis + '">' + top.toFixed(2) + "</text>");
    parts.push('<text x="' + (pad - 4) + '" y="' + (h - pad) + '" font-size="10" text-anchor="end" fill="' + c.axis + '">0</text>');
    parts.push('<text x="' + (w - 8) + '" y="' + (h - pad + 14) + '" font-size="10" text-anchor="end" fill="' + c.axis + '">' +
      data.iterations.toLocaleString("en") + " iterations</text>");
    parts.push('<text x="' + pad + '" y="' + (h - pad + 14) + '" font-size="10" fill="' + c.axis + '">0</text>');
    parts.push('<text x="' + 6 + '" y="' + (h / 2) + '" font-size="10" fill="' + c.axis + '" transform="rotate(-90 6 ' + (h / 2) + ')">cost</text>');
    svg.innerHTML = parts.join("");
  }

  function fill(select, options) {
    select.innerHTML = "";
    options.forEach(function (option) {
      var element = document.createElement("option");
      element.value = option[0];
      element.textContent = option[1];
      select.appendChild(element);
    });
  }

  function start(root, data) {
    var controls = {
      data: root.querySelector("#pg-data"),
      depth: root.querySelector("#pg-depth"),
      init: root.querySelector("#pg-init"),
      rate: root.querySelector("#pg-rate"),
    };
    fill(controls.data, Object.keys(data.data).map(function (k) { return [k, data.data[k].label]; }));
    fill(controls.depth, data.depths.map(function (d) {
      var layers = d.split("-").length - 1;
      return [d, layers + (layers === 1 ? " layer" : " layers") + " (" + d + ")"];
    }));
    fill(controls.init, data.inits);
    fill(controls.rate, data.rates.map(function (r) { return [r, "α = " + r]; }));
    var canvas = root.querySelector("#pg-boundary");
    var svg = root.querySelector("#pg-costs");
    var status = root.querySelector("#pg-status");

    function update() {
      var key = [controls.data.value, controls.depth.value, controls.init.value, controls.rate.value].join("|");
      var run = data.runs[key];
      var set = data.data[controls.data.value];
      drawBoundary(canvas, data, set, run);
      drawCosts(svg, data, run);
      root.setAttribute("data-run", key);
      if (run) {
        status.textContent = "After " + data.iterations.toLocaleString("en") + " iterations: cost " +
          run.final_cost.toFixed(3) + " (from " + run.costs[0].toFixed(3) + "), training accuracy " +
          Math.round(100 * run.accuracy) + " %.";
      } else {
        status.textContent = "This run is missing from the site's build: rebuild the site (make site).";
      }
    }
    Object.keys(controls).forEach(function (name) { controls[name].addEventListener("change", update); });
    new MutationObserver(update).observe(document.body, {attributes: true, attributeFilter: ["data-md-color-scheme"]});
    update();
    root.setAttribute("data-ready", "true");
  }

  function init() {
    var root = document.getElementById("playground");
    if (!root || root.getAttribute("data-ready")) return;
    fetch(root.getAttribute("data-src"))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) { start(root, data); })
      .catch(function (error) {
        root.querySelector("#pg-status").textContent = "The playground's runs could not be loaded (" + error.message +
          "). Open the site through a web server: python -m http.server -d build/site";
      });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
