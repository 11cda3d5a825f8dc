// Actor network: actor -> recipient events as a force layout; edge colour = the quad
// class of most of its events (cooperation blue/green, conflict orange/red). Nodes carry
// readable names (an entity's canonical name, or "Indonesia · government"); the largest
// MAX_NODES are drawn, and the view is fitted to nodes and labels so nothing is cut off.
(function () {
  "use strict";
  var box = document.getElementById("network");
  if (!box || !window.d3) return;
  var quad = window.WARTA_QUAD || { types: {}, classes: {} };
  var W = Math.max(box.clientWidth || 800, 500), H = 600, MAX_NODES = 40, MAX_LABEL = 28;
  var qs = box.dataset.query || "";
  fetch("/api/network" + (qs ? "?" + qs : "")).then(function (r) { return r.json(); }).then(render);

  function colour(q) { return (quad.classes[q] || {}).colour || "#999"; }
  function short(s) { return s.length > MAX_LABEL ? s.slice(0, MAX_LABEL - 1) + "…" : s; }

  function render(data) {
    var all = data.nodes;
    var nodes = all.slice(0, MAX_NODES).map(function (n) { return Object.assign({}, n); });
    var keep = new Set(nodes.map(function (n) { return n.id; }));
    var links = data.edges.filter(function (e) { return keep.has(e.source) && keep.has(e.target); })
      .map(function (e) { return Object.assign({}, e); });
    var note = document.getElementById("network-note");
    if (note) {
      note.textContent = all.length > nodes.length
        ? "the " + nodes.length + " most active of " + all.length + " nodes (filter to see others)"
        : all.length + " nodes";
    }
    if (!nodes.length) { box.innerHTML = '<p class="empty padded">No actor-to-recipient events.</p>'; box.dataset.ready = "1"; return; }
    var svg = d3.select(box).append("svg").attr("width", W).attr("height", H);
    var defs = svg.append("defs");
    Object.keys(quad.classes).concat(["other"]).forEach(function (q) {
      defs.append("marker").attr("id", "arrow-" + q).attr("viewBox", "0 -5 10 10").attr("refX", 10).attr("markerUnits", "userSpaceOnUse")
        .attr("markerWidth", 11).attr("markerHeight", 11).attr("orient", "auto")
        .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", colour(q));
    });
    var size = d3.scaleSqrt().domain([1, d3.max(nodes, function (n) { return n.events; }) || 1]).range([6, 22]);
    var width = d3.scaleSqrt().domain([1, d3.max(links, function (l) { return l.n; }) || 1]).range([1.2, 7]);
    var sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (n) { return n.id; }).distance(110))
      .force("charge", d3.forceManyBody().strength(-420))
      .force("collide", d3.forceCollide().radius(function (n) { return size(n.events) + 14; }))
      .force("x", d3.forceX(W / 2).strength(0.07)).force("y", d3.forceY(H / 2).strength(0.1));
    var link = svg.append("g").attr("class", "links").selectAll("path").data(links).join("path")
      .attr("class", function (l) { return "edge quad-" + l.quad; })
      .attr("fill", "none")
      .attr("stroke", function (l) { return colour(l.quad); })
      .attr("stroke-width", function (l) { return width(l.n); })
      .attr("stroke-opacity", 0.75)
      .attr("marker-end", function (l) { return "url(#arrow-" + (quad.classes[l.quad] ? l.quad : "other") + ")"; });
    link.append("title").text(function (l) {
      return l.source.label + " → " + l.target.label + ": " + Object.entries(l.types).map(function (kv) { return kv[0] + " " + kv[1]; }).join(", ");
    });
    var node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
      .attr("class", function (n) { return "node node-" + n.kind; })
      .call(d3.drag()
        .on("start", function (ev, d) { if (!ev.active) sim.alphaTarget(0.3).restart(); d.fx = d.x; d.fy = d.y; })
        .on("drag", function (ev, d) { d.fx = ev.x; d.fy = ev.y; })
        .on("end", function (ev, d) { if (!ev.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));
    node.append("circle").attr("r", function (n) { return size(n.events); });
    var label = node.append("text").attr("y", 4).text(function (n) { return short(n.label); });
    node.append("title").text(function (n) {
      return n.label + (n.kind === "entity" && n.country ? " (" + n.country + (n.sector ? " " + n.sector : "") + ")" : "") +
        ": actor in " + n.as_actor + ", recipient in " + n.as_recipient + " event(s)";
    });
    function arc(l) {
      var dx = l.target.x - l.source.x, dy = l.target.y - l.source.y, d = Math.hypot(dx, dy) || 1;
      if (l.source === l.target) {
        var x = l.source.x, y = l.source.y, s = size(l.source.events);
        return "M" + (x - s / 2) + "," + (y - s) + "A16,16 0 1,1 " + (x + s / 2) + "," + (y - s);
      }
      var rt = size(l.target.events) + 3;
      var tx = l.target.x - dx / d * rt, ty = l.target.y - dy / d * rt;
      return "M" + l.source.x + "," + l.source.y + "A" + d * 1.6 + "," + d * 1.6 + " 0 0,1 " + tx + "," + ty;
    }
    function place() {  // labels point away from the middle, so they grow outwards
      var cx = d3.mean(nodes, function (n) { return n.x; });
      label.attr("text-anchor", function (n) { return n.x < cx ? "end" : "start"; })
        .attr("x", function (n) { return (n.x < cx ? -1 : 1) * (size(n.events) + 3); });
    }
    function ticked() {
      link.attr("d", arc);
      node.attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
    }
    function fit() {  // the view box holds every node and label, with a margin
      var b = svg.select("g.nodes").node().getBBox(), m = 12;
      var x0 = b.x - m, y0 = b.y - m, w = Math.max(b.width + 2 * m, 200), h = Math.max(b.height + 2 * m, 200);
      var k = Math.max(w / W, h / H);
      var vw = W * k, vh = H * k;
      svg.attr("viewBox", [x0 - (vw - w) / 2, y0 - (vh - h) / 2, vw, vh]);
    }
    // lay out at once (no waiting for an animation), then animate only when dragged
    sim.stop();
    sim.tick(300);
    ticked();
    place();
    fit();
    sim.on("tick", ticked).on("end", function () { place(); fit(); });
    box.dataset.ready = "1";
    var legend = document.getElementById("network-legend");
    if (legend) {
      window.wartaLegend(legend, Object.keys(quad.classes).map(function (q) {
        return [quad.classes[q].colour, quad.classes[q].label];
      }).concat([[null, "node size = events; dark: named actor, light: country and sector; drag to rearrange"]]));
    }
  }
})();
