// The PLOVER quad classes and colours the page was rendered with, read from a JSON data
// block (<script type="application/json" id="warta-quad">, never executed), so the pages
// need no inline script under the Content-Security-Policy; and the colour legend the
// charts share (swatches coloured through the CSSOM: no inline style attributes).
(function () {
  "use strict";
  var el = document.getElementById("warta-quad");
  window.WARTA_QUAD = el ? JSON.parse(el.textContent) : { types: {}, classes: {} };
  // items: [colour or null, label, round]
  window.wartaLegend = function (legend, items) {
    legend.textContent = "";
    items.forEach(function (it) {
      var s = document.createElement("span");
      if (it[0]) {
        var sw = document.createElement("span");
        sw.className = "swatch";
        sw.style.background = it[0];
        if (it[2]) sw.style.borderRadius = "50%";
        s.appendChild(sw);
      }
      s.appendChild(document.createTextNode(it[1]));
      legend.appendChild(s);
    });
  };
})();
