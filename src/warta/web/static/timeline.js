// Events timeline: bars of events per period by event date, stacked by type (historical
// background hatched), and the report dates (publication) as a strip of markers below,
// joined to the event dates they report, so the gap between the two is visible.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box || !window.d3) return;
  var quad = window.WARTA_QUAD || { types: {}, classes: {} };
  var typeNames = Object.keys(quad.types);
  var shades = {};
  // one colour per type: the quad colour, lighter/darker by rank within the quad
  typeNames.forEach(function (t) {
    var q = quad.types[t];
    var peers = typeNames.filter(function (u) { return quad.types[u] === q; });
    var base = d3.color((quad.classes[q] || {}).colour || "#888");
    var k = peers.indexOf(t) - (peers.length - 1) / 2;
    shades[t] = k >= 0 ? base.darker(k * 0.45).formatHex() : base.brighter(-k * 0.45).formatHex();
  });
  function colour(t) { return shades[t] || "#888"; }
  var select = document.getElementById("bucket");

  function draw(bucket) {
    var qs = box.dataset.query ? box.dataset.query + "&" : "";
    fetch("/api/stats/timeline?" + qs + "bucket=" + bucket)
      .then(function (r) { return r.json(); })
      .then(function (data) { render(data, bucket); });
  }

  function render(data, bucket) {
    box.innerHTML = "";
    var parse = d3.utcParse("%Y-%m-%d");
    var rows = data.by_event_date.map(function (d) { return Object.assign({}, d, { t: parse(d.period) }); });
    var reps = data.by_report_date.map(function (d) { return Object.assign({}, d, { t: parse(d.period) }); });
    if (!rows.length) { box.innerHTML = '<p class="empty">No dated events.</p>'; return; }
    var W = Math.max(box.clientWidth || 900, 500), H = 230, m = { l: 40, r: 16, t: 10, b: 58 };
    var all = rows.map(function (d) { return d.t; }).concat(reps.map(function (d) { return d.t; }));
    var step = bucket === "day" ? d3.utcDay : bucket === "week" ? d3.utcWeek : d3.utcMonth;
    var x = brokenScale(all, step, bucket, [m.l, W - m.r]);
    // stack: per period, types in a fixed order, news below historical
    var groups = d3.group(rows, function (d) { return d.period; });
    var bars = [];
    var maxY = 0;
    groups.forEach(function (items) {
      items.sort(function (a, b) { return (a.historical - b.historical) || (typeNames.indexOf(a.type) - typeNames.indexOf(b.type)); });
      var y0 = 0;
      items.forEach(function (d) { bars.push({ d: d, y0: y0, y1: y0 + d.n }); y0 += d.n; });
      maxY = Math.max(maxY, y0);
    });
    var plotBottom = H - m.b - 26;
    var y = d3.scaleLinear().domain([0, maxY]).nice().range([plotBottom, m.t]);
    var bw = Math.max(3, Math.min(24, x.stepWidth - 1));
    var svg = d3.select(box).append("svg").attr("viewBox", [0, 0, W, H]).attr("width", W).attr("height", H);
    var defs = svg.append("defs");
    typeNames.forEach(function (t) {
      var p = defs.append("pattern").attr("id", "hatch-" + t).attr("patternUnits", "userSpaceOnUse")
        .attr("width", 5).attr("height", 5).attr("patternTransform", "rotate(45)");
      p.append("rect").attr("width", 5).attr("height", 5).attr("fill", "#fff");
      p.append("rect").attr("width", 2.5).attr("height", 5).attr("fill", colour(t));
    });
    svg.append("g").attr("class", "bars").selectAll("rect").data(bars).join("rect")
      .attr("class", function (b) { return "bar" + (b.d.historical ? " historical" : " news"); })
      .attr("x", function (b) { return x(b.d.t) - bw / 2; })
      .attr("width", bw)
      .attr("y", function (b) { return y(b.y1); })
      .attr("height", function (b) { return Math.max(1, y(b.y0) - y(b.y1)); })
      .attr("fill", function (b) { return b.d.historical ? "url(#hatch-" + b.d.type + ")" : colour(b.d.type); })
      .attr("stroke", function (b) { return colour(b.d.type); })
      .attr("fill-opacity", function (b) { return b.d.precise ? 1 : 0.45; })
      .attr("stroke-dasharray", function (b) { return b.d.precise ? null : "3,2"; })
      .append("title").text(function (b) {
        return b.d.period + ": " + b.d.n + " " + b.d.type + (b.d.historical ? " (historical background)" : "") +
          (b.d.precise ? "" : " (date known only to the month or year, or not at all)");
      });
    // report-date strip with links from each event date to the date reporting it
    var ry = H - m.b - 6;
    var links = svg.append("g").attr("class", "lags");
    (data.pairs || []).forEach(function (p) {
      var ev = parse(p.event_date), rp = parse(p.report_date);
      if (!ev || !rp) return;
      links.append("line").attr("x1", x(ev)).attr("y1", plotBottom).attr("x2", x(rp)).attr("y2", ry - 6)
        .attr("stroke", p.historical ? "#7a5cc2" : "#9aa5b1").attr("stroke-opacity", 0.35)
        .attr("stroke-dasharray", p.historical ? "3,2" : null);
    });
    svg.append("g").attr("class", "reports").selectAll("path").data(reps).join("path")
      .attr("class", "report-mark")
      .attr("d", d3.symbol(d3.symbolTriangle, 60)())
      .attr("transform", function (d) { return "translate(" + x(d.t) + "," + ry + ") rotate(180)"; })
      .attr("fill", "#33414e")
      .append("title").text(function (d) { return "reported " + d.period + ": " + d.n + " events in " + d.articles + " articles"; });
    x.parts.forEach(function (p, i) {
      var ticks = Math.max(1, Math.floor((p.range[1] - p.range[0]) / 90));
      svg.append("g").attr("class", "axis").attr("transform", "translate(0," + (H - m.b + 4) + ")")
        .call(d3.axisBottom(p.scale).tickValues(thin(p.scale.ticks(ticks), ticks)).tickSizeOuter(0));
      if (i > 0) {  // an axis break between periods far apart
        var bx = (x.parts[i - 1].range[1] + p.range[0]) / 2;
        svg.append("text").attr("class", "axis-break").attr("x", bx).attr("y", H - m.b + 8)
          .attr("text-anchor", "middle").attr("font-size", 14).attr("fill", "#66707a").text("≈");
        svg.append("line").attr("x1", bx).attr("x2", bx).attr("y1", m.t).attr("y2", H - m.b)
          .attr("stroke", "#c9d3dc").attr("stroke-dasharray", "2,3");
      }
    });
    svg.append("g").attr("transform", "translate(" + m.l + ",0)").call(d3.axisLeft(y).ticks(Math.min(4, maxY)).tickFormat(d3.format("d")));
    svg.append("text").attr("x", m.l).attr("y", H - 8).attr("class", "hint").attr("font-size", 11)
      .text("bars: event date (faded: month/year precision only) · ▼ report date · lines join an event date to its report date (dashed: historical)");
    var legend = document.getElementById("timeline-legend");
    if (legend) {
      var seen = Array.from(new Set(rows.map(function (d) { return d.type; })));
      window.wartaLegend(legend, seen.map(function (t) { return [colour(t), t]; }));
    }
  }
  // A time scale that cuts out long empty stretches (e.g. between 2020 background events
  // and the 2024 news), so every group of dates gets readable room; parts hold the
  // sub-scales for the axes.
  function brokenScale(dates, step, bucket, range) {
    var gap = bucket === "day" ? 45 : bucket === "week" ? 120 : 400;  // days
    var ts = Array.from(new Set(dates.map(function (d) { return +d; }))).sort(d3.ascending);
    var groups = [];
    ts.forEach(function (t) {
      var last = groups[groups.length - 1];
      if (last && (t - last[last.length - 1]) / 864e5 <= gap) last.push(t); else groups.push([t]);
    });
    var spans = groups.map(function (g) {
      return [step.offset(new Date(g[0]), -1), step.offset(new Date(g[g.length - 1]), 2)];
    });
    var sep = 24;
    var widthAll = range[1] - range[0] - sep * (spans.length - 1);
    var lens = spans.map(function (s) { return Math.max(s[1] - s[0], 0); });
    var total = d3.sum(lens);
    var minShare = 0.12;
    var shares = lens.map(function (l) { return Math.max(l / total, minShare); });
    var norm = d3.sum(shares);
    var pos = range[0];
    var parts = spans.map(function (s, i) {
      var w = widthAll * shares[i] / norm;
      var p = { domain: s, range: [pos, pos + w], scale: d3.scaleUtc().domain(s).range([pos, pos + w]) };
      pos += w + sep;
      return p;
    });
    function x(t) {
      var v = +t;
      for (var i = 0; i < parts.length; i++) {
        if (v <= +parts[i].domain[1] || i === parts.length - 1) return parts[i].scale(t);
      }
      return range[0];
    }
    x.parts = parts;
    x.stepWidth = d3.min(parts, function (p) {
      return p.scale(step.offset(p.domain[0], 1)) - p.scale(p.domain[0]);
    });
    return x;
  }
  function thin(values, n) {  // every k-th tick so that at most n remain
    var k = Math.ceil(values.length / Math.max(1, n));
    return values.filter(function (_, i) { return i % k === 0; });
  }
  if (select) select.addEventListener("change", function () { draw(select.value); });
  draw(select ? select.value : "day");
})();
