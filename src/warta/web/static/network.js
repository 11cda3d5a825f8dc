// Actor network: actor -> recipient events as a force layout; edge colour = the quad
// class of most of its events (cooperation blue/green, conflict orange/red).
(function () {
  "use strict";
  var box = document.getElementById("network");
  if (!box || !window.d3) return;
  var quad = window.WARTA_QUAD || { types: {}, classes: {} };
  var W = Math.max(box.clientWidth || 800, 500), H = 560;
  var qs = box.dataset.query || "";
  fetch("/api/network" + (qs ? "?" + qs : "")).then(function (r) { return r.json(); }).then(render);

  function colour(q) { return (quad.classes[q] || {}).colour || "#999"; }

  function render(data) {
    var nodes = data.nodes.map(function (n) { return Object.assign({}, n); });
    var links = data.edges.map(function (e) { return Object.assign({}, e); });
    if (!nodes.length) { box.innerHTML = '<p class="empty padded">No actor-to-recipient events.</p>'; return; }
    var svg = d3.select(box).append("svg").attr("viewBox", [0, 0, W, H]).attr("width", W).attr("height", H);
    var defs = svg.append("defs");
    Object.keys(quad.classes).concat(["other"]).forEach(function (q) {
      defs.append("marker").attr("id", "arrow-" + q).attr("viewBox", "0 -5 10 10").attr("refX", 10).attr("markerUnits", "userSpaceOnUse")
        .attr("markerWidth", 11).attr("markerHeight", 11).attr("orient", "auto")
        .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", colour(q));
    });
    var size = d3.scaleSqrt().domain([1, d3.max(nodes, function (n) { return n.events; }) || 1]).range([7, 22]);
    var width = d3.scaleSqrt().domain([1, d3.max(links, function (l) { return l.n; }) || 1]).range([1.5, 7]);
    var sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (n) { return n.id; }).distance(140))
      .force("charge", d3.forceManyBody().strength(-500))
      .force("center", d3.forceCenter(W / 2, H / 2))
      .force("collide", d3.forceCollide().radius(function (n) { return size(n.events) + 18; }))
      .force("x", d3.forceX(W / 2).strength(0.05)).force("y", d3.forceY(H / 2).strength(0.08));
    var link = svg.append("g").attr("class", "links").selectAll("path").data(links).join("path")
      .attr("class", function (l) { return "edge quad-" + l.quad; })
      .attr("fill", "none")
      .attr("stroke", function (l) { return colour(l.quad); })
      .attr("stroke-width", function (l) { return width(l.n); })
      .attr("stroke-opacity", 0.8)
      .attr("marker-end", function (l) { return "url(#arrow-" + (quad.classes[l.quad] ? l.quad : "other") + ")"; });
    link.append("title").text(function (l) {
      return l.source.id + " → " + l.target.id + ": " + Object.entries(l.types).map(function (kv) { return kv[0] + " " + kv[1]; }).join(", ");
    });
    var node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g").attr("class", "node")
      .call(d3.drag()
        .on("start", function (ev, d) { if (!ev.active) sim.alphaTarget(0.3).restart(); d.fx = d.x; d.fy = d.y; })
        .on("drag", function (ev, d) { d.fx = ev.x; d.fy = ev.y; })
        .on("end", function (ev, d) { if (!ev.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));
    node.append("circle").attr("r", function (n) { return size(n.events); }).attr("fill", "#3d5166");
    node.append("text").attr("x", function (n) { return size(n.events) + 3; }).attr("y", 4)
      .text(function (n) { return n.id + (n.label && n.label !== n.id ? " · " + n.label : ""); });
    node.append("title").text(function (n) { return n.id + " (" + n.label + "): actor in " + n.as_actor + ", recipient in " + n.as_recipient + " event(s)"; });
    function arc(l) {
      var dx = l.target.x - l.source.x, dy = l.target.y - l.source.y, d = Math.hypot(dx, dy) || 1;
      if (l.source === l.target) {
        var x = l.source.x, y = l.source.y, s = size(l.source.events);
        return "M" + (x - s / 2) + "," + (y - s) + "A18,18 0 1,1 " + (x + s / 2) + "," + (y - s);
      }
      var rt = size(l.target.events) + 3;
      var tx = l.target.x - dx / d * rt, ty = l.target.y - dy / d * rt;
      return "M" + l.source.x + "," + l.source.y + "A" + d * 1.6 + "," + d * 1.6 + " 0 0,1 " + tx + "," + ty;
    }
    function ticked() {
      nodes.forEach(function (n) { n.x = Math.max(30, Math.min(W - 120, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y)); });
      link.attr("d", arc);
      node.attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
    }
    // lay out at once (no waiting for an animation), then animate only when dragged
    sim.stop();
    sim.tick(300);
    ticked();
    sim.on("tick", ticked);
    box.dataset.ready = "1";
    var legend = document.getElementById("network-legend");
    if (legend) {
      window.wartaLegend(legend, Object.keys(quad.classes).map(function (q) {
        return [quad.classes[q].colour, quad.classes[q].label];
      }).concat([[null, "node size = events; drag to rearrange"]]));
    }
  }
})();
