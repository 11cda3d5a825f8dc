// Offline world map: Natural Earth 1:110m countries (world-atlas) drawn with d3-geo.
// Event locations are markers coloured by quad class, drawn by how precise they are: a
// city or finer is a filled circle, a province or region a dashed ring, a whole country a
// hollow dashed ring at the country's centroid (never its capital). Markers keep their
// size on screen while zooming, nearby city markers merge into a numbered cluster (click
// to zoom in), and a label is drawn only where it does not overlap another.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.d3 || !window.topojson) return;
  var quad = window.WARTA_QUAD || { types: {}, classes: {} };
  var info = document.getElementById("map-info");
  var W = Math.max(box.clientWidth || 900, 500), H = Math.round(W * 0.52);
  var qs = box.dataset.query || "";
  var AREA = { country: true, region: true, admin1: true };
  var PRECISION = {
    exact: "exact point (a landmark)", city: "a town, village or city district",
    admin2: "a regency or district", admin1: "a province or part of a country (drawn at its centre)",
    country: "a whole country (drawn at its centroid, not its capital)",
    region: "a region wider than a country (drawn at its centre)"
  };

  Promise.all([
    fetch("/static/vendor/countries-110m.json").then(function (r) { return r.json(); }),
    fetch("/api/map" + (qs ? "?" + qs : "")).then(function (r) { return r.json(); })
  ]).then(function (res) { render(res[0], res[1]); });

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function colour(q) { return (quad.classes[q] || {}).colour || "#888"; }
  function mainQuad(items) {
    var sums = {};
    items.forEach(function (e) { Object.keys(e.quads).forEach(function (q) { sums[q] = (sums[q] || 0) + e.quads[q]; }); });
    return Object.keys(sums).sort(function (a, b) { return sums[b] - sums[a] || (a < b ? -1 : 1); })[0];
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
    events.forEach(function (e) { e.xy = projection([e.lon, e.lat]); e.area = !!AREA[e.precision]; });
    var r = d3.scaleSqrt().domain([1, d3.max(events, function (e) { return e.n; }) || 1]).range([5, 16]);
    var dots = g.append("g").attr("class", "places").selectAll("circle").data(places).join("circle")
      .attr("class", "place-dot")
      .attr("cx", function (p) { return projection([p.lon, p.lat])[0]; })
      .attr("cy", function (p) { return projection([p.lon, p.lat])[1]; })
      .on("click", function (_, p) { showPlace(p); });
    dots.append("title").text(function (p) { return p.name + " (" + (p.country || "?") + "): named " + p.mentions + "× in " + p.articles + " article(s)"; });
    var overlay = svg.append("g").attr("class", "overlay");  // screen coordinates
    var current = d3.zoomIdentity;

    function clusters(t) {  // greedy, biggest first, in screen space
      var out = [];
      events.filter(function (e) { return !e.area; }).sort(function (a, b) { return b.n - a.n; }).forEach(function (e) {
        var p = t.apply(e.xy), re = r(e.n);
        var hit = out.find(function (c) { return Math.hypot(c.x - p[0], c.y - p[1]) < (c.r + re) * 0.9; });
        if (hit) { hit.items.push(e); hit.n += e.n; hit.r = r(hit.n); }
        else out.push({ x: p[0], y: p[1], r: re, n: e.n, items: [e] });
      });
      return out;
    }
    function draw() {
      var t = current;
      overlay.selectAll("*").remove();
      g.selectAll("circle.place-dot").attr("r", 2.2 / t.k);
      var areas = events.filter(function (e) { return e.area; }).map(function (e) {
        var p = t.apply(e.xy);
        return { x: p[0], y: p[1], r: r(e.n) + 3, n: e.n, items: [e] };
      });
      var marks = areas.concat(clusters(t));
      var sel = overlay.selectAll("g.mark").data(marks).join("g").attr("class", "mark")
        .attr("transform", function (m) { return "translate(" + m.x + "," + m.y + ")"; });
      sel.append("circle")
        .attr("class", function (m) {
          var e = m.items[0];
          return m.items.length > 1 ? "marker event-cluster" : "marker event-marker precision-" + e.precision + (e.area ? " area-marker" : "");
        })
        .attr("data-precision", function (m) { return m.items.length > 1 ? "cluster" : m.items[0].precision; })
        .attr("data-n", function (m) { return m.n; })
        .attr("r", function (m) { return m.r; })
        .attr("fill", function (m) { return colour(mainQuad(m.items)); })
        .attr("stroke", function (m) { return colour(mainQuad(m.items)); })
        .on("click", function (ev, m) { if (m.items.length > 1) zoomTo(m.items); else showEvents(m.items[0]); })
        .append("title").text(function (m) {
          if (m.items.length > 1) return m.n + " events at " + m.items.length + " places: " + m.items.map(function (e) { return e.name; }).join(", ") + " (click to zoom in)";
          var e = m.items[0];
          return e.name + ": " + e.n + " event(s) — " + Object.entries(e.types).map(function (kv) { return kv[0] + " " + kv[1]; }).join(", ") + " · precision: " + e.precision;
        });
      sel.filter(function (m) { return m.items.length > 1; }).append("text").attr("class", "cluster-count")
        .attr("text-anchor", "middle").attr("dy", "0.35em").text(function (m) { return m.n; });
      // labels where they fit: biggest first, skipped when they would overlap
      var boxes = marks.map(function (m) { return [m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r]; });
      marks.slice().sort(function (a, b) { return b.n - a.n; }).forEach(function (m) {
        var text = m.items.length > 1 ? m.items[0].name + " +" + (m.items.length - 1) : m.items[0].name;
        var w = text.length * 6.4 + 4, x0 = m.x + m.r + 2, y0 = m.y - 7, b = [x0, y0, x0 + w, y0 + 14];
        if (b[2] > W || b[1] < 0 || b[3] > H) return;
        var clash = boxes.some(function (o) { return !(o === boxes[marks.indexOf(m)]) && b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]; });
        if (clash) return;
        boxes.push(b);
        overlay.append("text").attr("class", "marker-label").attr("x", x0).attr("y", m.y + 4).text(text);
      });
      box.dataset.markers = String(marks.length);
    }
    var zoom = d3.zoom().scaleExtent([1, 400]).on("zoom", function (ev) {
      current = ev.transform;
      g.attr("transform", current);
      draw();
    });
    svg.call(zoom);
    function zoomTo(items) {
      var xs = d3.extent(items, function (e) { return e.xy[0]; }), ys = d3.extent(items, function (e) { return e.xy[1]; });
      var dx = Math.max(xs[1] - xs[0], 0.5), dy = Math.max(ys[1] - ys[0], 0.5);
      var k = Math.min(400, Math.max(current.k * 2, 0.7 / Math.max(dx / W, dy / H)));
      var cx = (xs[0] + xs[1]) / 2, cy = (ys[0] + ys[1]) / 2;
      svg.call(zoom.transform, d3.zoomIdentity.translate(W / 2 - k * cx, H / 2 - k * cy).scale(k));
    }
    // start on the markers
    var pts = events.map(function (e) { return e.xy; });
    if (pts.length) {
      var xs = d3.extent(pts, function (p) { return p[0]; }), ys = d3.extent(pts, function (p) { return p[1]; });
      var dx = Math.max(xs[1] - xs[0], 40), dy = Math.max(ys[1] - ys[0], 25);
      var k = Math.max(1, Math.min(8, 0.8 / Math.max(dx / W, dy / H)));
      var cx = (xs[0] + xs[1]) / 2, cy = (ys[0] + ys[1]) / 2;
      svg.call(zoom.transform, d3.zoomIdentity.translate(W / 2 - k * cx, H / 2 - k * cy).scale(k));
    } else {
      draw();
    }
    box._wartaZoomTo = function (k, lon, lat) {  // for tests and links: zoom on a point
      var p = projection([lon, lat]);
      svg.call(zoom.transform, d3.zoomIdentity.translate(W / 2 - k * p[0], H / 2 - k * p[1]).scale(k));
    };
    var legend = document.getElementById("map-legend");
    if (legend) {
      window.wartaLegend(legend, Object.keys(quad.classes).map(function (q) {
        return [quad.classes[q].colour, quad.classes[q].label];
      }).concat([[null, "● city or finer · dashed ring: province or region · hollow dashed ring: a whole country, at its centroid · numbered: several places (click to zoom) · dots: places named"]]));
    }
    box.dataset.ready = "1";
  }

  function showEvents(e) {
    var types = Object.entries(e.types).map(function (kv) {
      return '<li><a href="/events?' + link(e) + "&type=" + encodeURIComponent(kv[0]) + '">' + esc(kv[0]) + "</a> " + esc(kv[1]) + "</li>";
    }).join("");
    info.innerHTML = "<h2>" + esc(e.name) + " <small>" + esc(e.country || "") + "</small></h2>" +
      "<p>" + esc(e.n) + " event(s)" + (e.historical ? ", " + esc(e.historical) + " historical" : "") +
      (e.geonameid ? ' · GeoNames <code>' + esc(e.geonameid) + "</code>" : "") + "</p>" +
      '<p class="precision">precision: <strong>' + esc(e.precision || "?") + "</strong> — " + esc(PRECISION[e.precision] || "") + "</p><ul>" + types + "</ul>" +
      (e.geonameid ? '<p><a href="/events?' + link(e) + '">all events here →</a></p>' : "");
  }
  function link(e) { return "place=" + encodeURIComponent(e.geonameid); }
  function showPlace(p) {
    info.innerHTML = "<h2>" + esc(p.name) + " <small>" + esc(p.country || "") + "</small></h2>" +
      "<p>named " + esc(p.mentions) + "× in " + esc(p.articles) + " article(s) · precision " + esc(p.precision || "?") +
      (p.geonameid ? " · GeoNames <code>" + esc(p.geonameid) + "</code>" : " · no GeoNames id (approximate position)") + "</p>" +
      (p.events ? '<p><a href="/events?place=' + encodeURIComponent(p.geonameid) + '">' + esc(p.events) + " event(s) here →</a></p>" : "");
  }
})();
