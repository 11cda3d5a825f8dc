// Events timeline: bars of events per period by event date, stacked by type (historical
// background hatched), and the report dates (publication) as a strip of markers below,
// joined to the event dates they report, so the gap between the two is visible.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box || !window.d3) return;
  var quad = window.WARTA_QUAD || { types: {}, classes: {} };
  // one colour per quad class; the types of a class told apart by a pattern (solid,
  // stripes, dots, cross-hatch ...) and named in the tooltip and the legend
  var quadNames = Object.keys(quad.classes);
  var typeNames = Object.keys(quad.types).sort(function (a, b) {
    return (quadNames.indexOf(quad.types[a]) - quadNames.indexOf(quad.types[b])) ||
      (Object.keys(quad.types).indexOf(a) - Object.keys(quad.types).indexOf(b));
  });
  var PATTERNS = ["solid", "stripes", "dots", "cross", "bars"];
  function colour(t) { return (quad.classes[quad.types[t]] || {}).colour || "#888"; }
  function patternOf(t) {
    var peers = typeNames.filter(function (u) { return quad.types[u] === quad.types[t]; });
    return PATTERNS[Math.max(0, peers.indexOf(t)) % PATTERNS.length];
  }
  function fillOf(t) { return patternOf(t) === "solid" ? colour(t) : "url(#pat-" + t + ")"; }
  function addPattern(defs, id, kind, base) {
    var p = defs.append("pattern").attr("id", id).attr("patternUnits", "userSpaceOnUse")
      .attr("width", 6).attr("height", 6);
    p.append("rect").attr("width", 6).attr("height", 6).attr("fill", base);
    var ink = "#fff";
    if (kind === "stripes") { p.attr("patternTransform", "rotate(45)"); p.append("rect").attr("width", 2).attr("height", 6).attr("fill", ink); }
    if (kind === "dots") p.append("circle").attr("cx", 3).attr("cy", 3).attr("r", 1.3).attr("fill", ink);
    if (kind === "cross") { p.append("path").attr("d", "M0,0L6,6M6,0L0,6").attr("stroke", ink).attr("stroke-width", 1.2); }
    if (kind === "bars") p.append("rect").attr("width", 6).attr("height", 2).attr("fill", ink);
  }
  // every tick names its year: "2016", "Oct 2016" or "3 Oct 2016"
  var fmtYear = d3.utcFormat("%Y"), fmtMonth = d3.utcFormat("%b %Y"), fmtDay = d3.utcFormat("%-d %b %Y");
  function tickLabel(d) {
    if (d.getUTCMonth() === 0 && d.getUTCDate() === 1) return fmtYear(d);
    return d.getUTCDate() === 1 ? fmtMonth(d) : fmtDay(d);
  }
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
    typeNames.forEach(function (t) { addPattern(defs, "pat-" + t, patternOf(t), colour(t)); });
    svg.append("g").attr("class", "bars").selectAll("rect").data(bars).join("rect")
      .attr("class", function (b) { return "bar" + (b.d.historical ? " historical" : " news") + " quad-" + quad.types[b.d.type]; })
      .attr("data-type", function (b) { return b.d.type; })
      .attr("x", function (b) { return x(b.d.t) - bw / 2; })
      .attr("width", bw)
      .attr("y", function (b) { return y(b.y1); })
      .attr("height", function (b) { return Math.max(1, y(b.y0) - y(b.y1)); })
      .attr("fill", function (b) { return fillOf(b.d.type); })
      .attr("stroke", function (b) { return colour(b.d.type); })
      .attr("fill-opacity", function (b) { return b.d.historical ? 0.4 : 1; })
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
      var inPart = all.filter(function (t) { return t >= p.domain[0] && t <= p.domain[1]; });
      var values = p.range[1] - p.range[0] < 110 ? [d3.min(inPart) || p.domain[0]] : thin(p.scale.ticks(ticks), ticks);
      svg.append("g").attr("class", "axis").attr("transform", "translate(0," + (H - m.b + 4) + ")")
        .call(d3.axisBottom(p.scale).tickValues(values).tickFormat(tickLabel).tickSizeOuter(0));
      if (i > 0) {  // an axis break between periods far apart
        var bx = (x.parts[i - 1].range[1] + p.range[0]) / 2;
        svg.append("text").attr("class", "axis-break").attr("x", bx).attr("y", H - m.b + 8)
          .attr("text-anchor", "middle").attr("font-size", 14).attr("fill", "#66707a").text("≈");
        svg.append("line").attr("x1", bx).attr("x2", bx).attr("y1", m.t).attr("y2", H - m.b)
          .attr("stroke", "#c9d3dc").attr("stroke-dasharray", "2,3");
      }
    });
    // tick labels that would touch the one before are hidden (the axis breaks crowd them)
    var lastEnd = -Infinity;
    svg.selectAll("g.axis .tick").nodes()
      .map(function (n) { return { n: n, b: n.getBoundingClientRect() }; })
      .sort(function (a, b) { return a.b.left - b.b.left; })
      .forEach(function (t) {
        if (t.b.left < lastEnd + 6) { t.n.classList.add("hidden-tick"); return; }
        lastEnd = t.b.right;
      });
    svg.append("g").attr("transform", "translate(" + m.l + ",0)").call(d3.axisLeft(y).ticks(Math.min(4, maxY)).tickFormat(d3.format("d")));
    svg.append("text").attr("x", m.l).attr("y", H - 8).attr("class", "hint").attr("font-size", 11)
      .text("bars: event date, colour = quad class, pattern = type (faded: historical; dashed outline: month/year precision only) · ▼ report date");
    var legend = document.getElementById("timeline-legend");
    if (legend) drawLegend(legend, new Set(rows.map(function (d) { return d.type; })));
  }
  // the legend: per quad class its colour, then its types with their patterns
  function drawLegend(legend, seen) {
    legend.textContent = "";
    var ns = "http://www.w3.org/2000/svg";
    var svg = d3.select(legend).append("svg").attr("width", 0).attr("height", 0).attr("class", "legend-defs");
    var defs = svg.append("defs");
    quadNames.forEach(function (q) {
      var types = typeNames.filter(function (t) { return quad.types[t] === q && seen.has(t); });
      if (!types.length) return;
      var group = document.createElement("span");
      group.className = "legend-quad";
      var head = document.createElement("strong");
      head.textContent = quad.classes[q].label + ":";
      group.appendChild(head);
      types.forEach(function (t) {
        addPattern(defs, "lpat-" + t, patternOf(t), colour(t));
        var item = document.createElement("span");
        item.className = "legend-type";
        item.dataset.type = t;
        var sw = document.createElementNS(ns, "svg");
        sw.setAttribute("width", "14"); sw.setAttribute("height", "14");
        var r = document.createElementNS(ns, "rect");
        r.setAttribute("width", "14"); r.setAttribute("height", "14");
        r.setAttribute("fill", patternOf(t) === "solid" ? colour(t) : "url(#lpat-" + t + ")");
        sw.appendChild(r);
        item.appendChild(sw);
        item.appendChild(document.createTextNode(" " + t));
        group.appendChild(item);
      });
      legend.appendChild(group);
    });
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
    var minShare = Math.min(0.12, 0.5 / spans.length);  // small groups share half the axis at most
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
