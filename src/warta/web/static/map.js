// Offline world map: Natural Earth 1:110m countries (world-atlas) drawn with d3-geo;
// event locations as circles coloured by quad class, every named place as a dot.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.d3 || !window.topojson) return;
  var quad = window.WARTA_QUAD || { types: {}, classes: {} };
  var info = document.getElementById("map-info");
  var W = Math.max(box.clientWidth || 900, 500), H = Math.round(W * 0.52);
  var qs = box.dataset.query || "";

  Promise.all([
    fetch("/static/vendor/countries-110m.json").then(function (r) { return r.json(); }),
    fetch("/api/map" + (qs ? "?" + qs : "")).then(function (r) { return r.json(); })
  ]).then(function (res) { render(res[0], res[1]); });

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function render(world, data) {
    var countries = topojson.feature(world, world.objects.countries);
    var projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [W - 4, H - 4]], { type: "Sphere" });
    var path = d3.geoPath(projection);
    var svg = d3.select(box).append("svg").attr("viewBox", [0, 0, W, H]).attr("width", W).attr("height", H);
    var g = svg.append("g");
    g.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    g.append("g").selectAll("path").data(countries.features).join("path")
      .attr("class", "country").attr("d", path)
      .append("title").text(function (d) { return d.properties.name; });
    var places = data.places || [], events = data.events || [];
    var r = d3.scaleSqrt().domain([1, d3.max(events, function (e) { return e.n; }) || 1]).range([6, 18]);
    var dots = g.append("g").attr("class", "places").selectAll("circle").data(places).join("circle")
      .attr("class", "place-dot")
      .attr("cx", function (p) { return projection([p.lon, p.lat])[0]; })
      .attr("cy", function (p) { return projection([p.lon, p.lat])[1]; })
      .attr("r", 2.5)
      .on("click", function (_, p) { showPlace(p); });
    dots.append("title").text(function (p) { return p.name + " (" + (p.country || "?") + "): named " + p.mentions + "× in " + p.articles + " article(s)"; });
    var marks = g.append("g").attr("class", "events").selectAll("circle").data(events).join("circle")
      .attr("class", "marker event-marker")
      .attr("cx", function (e) { return projection([e.lon, e.lat])[0]; })
      .attr("cy", function (e) { return projection([e.lon, e.lat])[1]; })
      .attr("r", function (e) { return r(e.n); })
      .attr("fill", function (e) { return (quad.classes[e.quad] || {}).colour || "#888"; })
      .on("click", function (_, e) { showEvents(e); });
    marks.append("title").text(function (e) {
      return e.name + ": " + e.n + " event(s) — " + Object.entries(e.types).map(function (kv) { return kv[0] + " " + kv[1]; }).join(", ");
    });
    dots.raise();
    // labels for event places
    g.append("g").selectAll("text").data(events).join("text")
      .attr("class", "marker-label")
      .attr("x", function (e) { return projection([e.lon, e.lat])[0] + r(e.n) + 2; })
      .attr("y", function (e) { return projection([e.lon, e.lat])[1] + 4; })
      .attr("font-size", 11).attr("paint-order", "stroke").attr("stroke", "#fff").attr("stroke-width", 3)
      .text(function (e) { return e.name; });
    // zoom, starting on the markers
    var zoom = d3.zoom().scaleExtent([1, 40]).on("zoom", function (ev) {
      g.attr("transform", ev.transform);
      var k = ev.transform.k;
      g.selectAll("circle.place-dot").attr("r", 2.5 / Math.sqrt(k));
      g.selectAll("circle.event-marker").attr("r", function (e) { return r(e.n) / Math.sqrt(k); }).attr("stroke-width", 1 / k);
      g.selectAll("text.marker-label").attr("font-size", 11 / k).attr("stroke-width", 3 / k)
        .attr("x", function (e) { return projection([e.lon, e.lat])[0] + (r(e.n) + 2) / Math.sqrt(k); })
        .attr("y", function (e) { return projection([e.lon, e.lat])[1] + 4 / k; });
      g.selectAll(".country").attr("stroke-width", 0.5 / k);
    });
    svg.call(zoom);
    var pts = events.concat(places).map(function (p) { return projection([p.lon, p.lat]); });
    if (pts.length) {
      var xs = d3.extent(pts, function (p) { return p[0]; }), ys = d3.extent(pts, function (p) { return p[1]; });
      var dx = Math.max(xs[1] - xs[0], 40), dy = Math.max(ys[1] - ys[0], 25);
      var k = Math.max(1, Math.min(8, 0.8 / Math.max(dx / W, dy / H)));
      var cx = (xs[0] + xs[1]) / 2, cy = (ys[0] + ys[1]) / 2;
      svg.call(zoom.transform, d3.zoomIdentity.translate(W / 2 - k * cx, H / 2 - k * cy).scale(k));
    }
    var legend = document.getElementById("map-legend");
    if (legend) {
      window.wartaLegend(legend, Object.keys(quad.classes).map(function (q) {
        return [quad.classes[q].colour, quad.classes[q].label];
      }).concat([["#33414e", "place named", true]]));
    }
    box.dataset.ready = "1";
  }

  function showEvents(e) {
    var types = Object.entries(e.types).map(function (kv) {
      return '<li><a href="/events?place=' + encodeURIComponent(e.geonameid) + "&type=" + encodeURIComponent(kv[0]) + '">' + esc(kv[0]) + "</a> " + esc(kv[1]) + "</li>";
    }).join("");
    info.innerHTML = "<h2>" + esc(e.name) + " <small>" + esc(e.country || "") + "</small></h2>" +
      "<p>" + esc(e.n) + " event(s)" + (e.historical ? ", " + esc(e.historical) + " historical" : "") +
      ' · GeoNames <code>' + esc(e.geonameid) + "</code></p><ul>" + types + "</ul>" +
      '<p><a href="/events?place=' + encodeURIComponent(e.geonameid) + '">all events here →</a></p>';
  }
  function showPlace(p) {
    info.innerHTML = "<h2>" + esc(p.name) + " <small>" + esc(p.country || "") + "</small></h2>" +
      "<p>named " + esc(p.mentions) + "× in " + esc(p.articles) + " article(s) · " + esc(p.kind || "") +
      (p.geonameid ? " · GeoNames <code>" + esc(p.geonameid) + "</code>" : " · no GeoNames id (approximate position)") + "</p>" +
      (p.events ? '<p><a href="/events?place=' + encodeURIComponent(p.geonameid) + '">' + esc(p.events) + " event(s) here →</a></p>" : "");
  }
})();
