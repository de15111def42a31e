// The network: actors (shape: kind, size: events) and the links between them (width: events, colour: the link's
// sign), laid out by d3-force in screen pixels, so labels keep their size. Labels are placed largest actor first, at
// the first of eight spots around the node that covers no other label or node; one that fits nowhere is shown only
// while its node is hovered or focused. Data: GET /api/graph (this page's JSON twin) and, when an earlier window is
// given, GET /api/changes. Names reach the page as SVG text (textContent), never as HTML.
(function () {
  "use strict";
  var svgEl = document.getElementById("net");
  if (!svgEl || typeof d3 === "undefined") { return; }
  var ds = svgEl.dataset;
  var status = document.getElementById("status");
  var box = svgEl.getBoundingClientRect();
  var W = Math.max(320, Math.round(box.width)), H = Math.max(240, Math.round(box.height));
  var PAD = 10, FONT = 12;
  var svg = d3.select(svgEl).attr("viewBox", "0 0 " + W + " " + H);
  var root = svg.append("g").attr("class", "graph");
  var SHAPES = { state: d3.symbolCircle, organisation: d3.symbolDiamond, group: d3.symbolTriangle, person: d3.symbolSquare };

  function path(key) { return encodeURIComponent(key).replace(/%3A/g, ":"); }
  function json(r) { if (!r.ok) { throw new Error(r.status + " " + r.statusText); } return r.json(); }
  function pairKey(a, b) { return a < b ? a + "|" + b : b + "|" + a; }
  function query(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k]) { q.set(k, params[k]); } });
    var s = q.toString();
    return s ? "?" + s : "";
  }

  // ------------------------------------------------------------------ the "period before" button
  var prev = document.getElementById("previous");
  if (prev) {
    prev.addEventListener("click", function () {
      var since = document.getElementById("since"), until = document.getElementById("until");
      var s1 = document.getElementById("since1"), u1 = document.getElementById("until1");
      var lo = Date.parse(since.value || ds.min), hi = Date.parse(until.value || ds.max);
      if (isNaN(lo) || isNaN(hi)) { return; }
      var day = 86400000, year = 365 * day;
      if (!since.value && !until.value) {  // no window: the data's last year against the year before it
        lo = Math.max(lo, hi - year + day);
        since.value = new Date(lo).toISOString().slice(0, 10);
        until.value = new Date(hi).toISOString().slice(0, 10);
      }
      var length = hi - lo;
      u1.value = new Date(lo - day).toISOString().slice(0, 10);
      s1.value = new Date(lo - day - length).toISOString().slice(0, 10);
    });
  }

  // ------------------------------------------------------------------ layout
  function symbolPath(kind, r) {
    var type = SHAPES[kind] || d3.symbolCross;
    // a symbol's size is its area: match a circle of radius r (a triangle a little larger, to look as big)
    var area = Math.PI * r * r * (kind === "group" ? 1.25 : 1);
    return d3.symbol().type(type).size(area)();
  }

  function layout(nodes, links) {
    var sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (d) { return d.id; })
        .distance(function (l) { return 60 + l.source.r + l.target.r; }).strength(0.35))
      .force("charge", d3.forceManyBody().strength(function (d) { return -260 - 14 * d.r; }).distanceMax(500))
      .force("collide", d3.forceCollide(function (d) { return d.r + 16; }).iterations(2))
      .force("x", d3.forceX(W / 2).strength(0.045))
      .force("y", d3.forceY(H / 2).strength(0.07))
      .stop();
    for (var i = 0; i < 420; i++) {
      sim.tick();
      nodes.forEach(function (n) {  // keep every node (and room for a label) inside the drawing
        n.x = Math.max(n.r + PAD + 40, Math.min(W - n.r - PAD - 40, n.x));
        n.y = Math.max(n.r + PAD + 16, Math.min(H - n.r - PAD - 16, n.y));
      });
    }
  }

  function intersects(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

  // labels, largest actor first: the first free spot of eight around the node, else shown on hover only
  function placeLabels(nodes, labelSel) {
    var obstacles = nodes.map(function (n) { return { n: n, x: n.x - n.r, y: n.y - n.r, w: 2 * n.r, h: 2 * n.r }; });
    var placed = [];
    var order = nodes.slice().sort(function (a, b) {
      return (a.ghost ? 1 : 0) - (b.ghost ? 1 : 0) || b.events - a.events || (a.id < b.id ? -1 : 1);
    });
    order.forEach(function (n) {
      var t = n.labelNode, bb = t.getBBox(), w = bb.width + 2, h = bb.height;
      var gap = 3, r = n.r;
      var spots = [
        [n.x + r + gap, n.y - h / 2], [n.x - r - gap - w, n.y - h / 2],
        [n.x - w / 2, n.y + r + gap], [n.x - w / 2, n.y - r - gap - h],
        [n.x + r * 0.7, n.y + r * 0.7], [n.x + r * 0.7, n.y - r * 0.7 - h],
        [n.x - r * 0.7 - w, n.y + r * 0.7], [n.x - r * 0.7 - w, n.y - r * 0.7 - h]];
      var spot = null;
      for (var i = 0; i < spots.length && !spot; i++) {
        var b = { x: spots[i][0], y: spots[i][1], w: w, h: h };
        if (b.x < 2 || b.y < 2 || b.x + b.w > W - 2 || b.y + b.h > H - 2) { continue; }
        var clash = placed.some(function (p) { return intersects(p, b); }) ||
          obstacles.some(function (o) { return o.n !== n && intersects(o, b); });
        if (!clash) { spot = b; }
      }
      n.labelled = !!spot;
      if (!spot) {  // shown over the others while its node is hovered or focused: below it, centred
        spot = { x: n.x - w / 2, y: n.y + r + gap, w: w, h: h };
      }
      if (n.labelled) { placed.push(spot); }
      d3.select(t).attr("x", (spot.x + 1).toFixed(1)).attr("y", (spot.y - bb.y).toFixed(1));
    });
    labelSel.classed("hidden", function (n) { return !n.labelled; });
  }

  // ------------------------------------------------------------------ drawing
  function draw(graph, changes, before) {
    root.selectAll("*").remove();
    var maxEvents = d3.max(graph.nodes, function (n) { return n.events; }) || 1;
    var maxEdge = d3.max(graph.edges, function (e) { return e.events; }) || 1;
    var nodes = graph.nodes.map(function (n) {
      return Object.assign({ r: 7 + 23 * Math.sqrt(n.events / maxEvents) }, n);
    });
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    if (before && changes) {  // actors of the earlier window gone from this one: drawn hollow, to hang gone links on
      var gone = {};
      changes.vanished.forEach(function (c) { gone[c.pair[0]] = true; gone[c.pair[1]] = true; });
      before.nodes.forEach(function (n) {
        if (!byId[n.id] && gone[n.id]) {
          byId[n.id] = Object.assign({ r: 7 + 23 * Math.sqrt(Math.min(n.events, maxEvents) / maxEvents), ghost: true }, n);
          nodes.push(byId[n.id]);
        }
      });
    }
    var links = graph.edges.map(function (e) { return Object.assign({}, e); });
    var members = nodes.filter(function (n) { return n.state && byId[n.state]; })
      .map(function (n) { return { source: n.id, target: n.state, member: true }; });
    var changed = {};
    if (changes) {
      ["appeared", "flipped"].forEach(function (kind) {
        changes[kind].forEach(function (c) { changed[pairKey(c.pair[0], c.pair[1])] = kind; });
      });
    }
    var ghosts = changes ? changes.vanished.filter(function (c) { return byId[c.pair[0]] && byId[c.pair[1]]; }) : [];
    var forces = links.concat(members.map(function (m) { return Object.assign({}, m); }))
      .concat(ghosts.map(function (c) { return { source: c.pair[0], target: c.pair[1] }; }));
    layout(nodes, forces);
    members.forEach(function (m) { m.source = byId[m.source]; m.target = byId[m.target]; });

    root.append("g").attr("class", "vanished-links").selectAll("line").data(ghosts).enter().append("line")
      .attr("class", "edge vanished").attr("data-change", "vanished")
      .attr("data-pair", function (c) { return pairKey(c.pair[0], c.pair[1]); })
      .attr("x1", function (c) { return byId[c.pair[0]].x; }).attr("y1", function (c) { return byId[c.pair[0]].y; })
      .attr("x2", function (c) { return byId[c.pair[1]].x; }).attr("y2", function (c) { return byId[c.pair[1]].y; })
      .append("title").text(function (c) { return byId[c.pair[0]].label + " – " + byId[c.pair[1]].label + ": gone since the earlier window"; });
    root.append("g").attr("class", "members").selectAll("line").data(members).enter().append("line")
      .attr("class", "member")
      .attr("x1", function (m) { return m.source.x; }).attr("y1", function (m) { return m.source.y; })
      .attr("x2", function (m) { return m.target.x; }).attr("y2", function (m) { return m.target.y; });
    var width = function (e) { return 1.5 + 7 * Math.sqrt(e.events / maxEdge); };
    var halos = links.filter(function (l) { return changed[l.id]; });
    root.append("g").attr("class", "halos").selectAll("line").data(halos).enter().append("line")
      .attr("class", function (l) { return "halo " + changed[l.id]; })
      .attr("stroke-width", function (l) { return width(l) + 8; })
      .attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
      .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; });
    var edgeSel = root.append("g").attr("class", "edges").selectAll("line").data(links).enter().append("line")
      .attr("class", function (l) {
        return "edge " + (l.sign > 0 ? "sign-pos" : l.sign < 0 ? "sign-neg" : "sign-zero") + (l.events ? "" : " mediation");
      })
      .attr("stroke-width", function (l) { return l.events ? width(l) : 2; })
      .attr("data-pair", function (l) { return l.id; })
      .attr("data-events", function (l) { return l.events; })
      .attr("data-sign", function (l) { return l.sign; })
      .attr("data-change", function (l) { return changed[l.id] || null; })
      .attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
      .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; })
      .on("click", function (evt, l) { window.location.href = "/dyads/" + path(l.source.id) + "/" + path(l.target.id); });
    edgeSel.append("title").text(function (l) {
      return l.source.label + " – " + l.target.label + ": " + l.events + " events, net " + (l.score > 0 ? "+" : "") +
        l.score.toFixed(1) + (l.relations ? " · " + l.relations.replace(/,/g, ", ") : "") +
        (l.mediated_by ? " · mediated by " + l.mediated_by.replace(/,/g, ", ") : "") + (changed[l.id] ? " · " + changed[l.id] : "");
    });

    var nodeSel = root.append("g").attr("class", "nodes").selectAll("g.node").data(nodes).enter().append("g")
      .attr("class", function (n) { return "node kind-" + (SHAPES[n.kind] ? n.kind : "other") + (n.ghost ? " ghost" : ""); })
      .attr("transform", function (n) { return "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")"; })
      .attr("data-id", function (n) { return n.id; })
      .attr("data-kind", function (n) { return n.kind || "other"; })
      .attr("tabindex", 0).attr("role", "link")
      .attr("aria-label", function (n) { return n.label + ", " + (n.kind || "party") + ", " + n.events + " events: open the dossier"; })
      .on("click", function (evt, n) { window.location.href = "/actors/" + path(n.id); })
      .on("keydown", function (evt, n) { if (evt.key === "Enter") { window.location.href = "/actors/" + path(n.id); } })
      .on("mouseenter focus", function (evt, n) { focusOn(n, true); })
      .on("mouseleave blur", function (evt, n) { focusOn(n, false); });
    nodeSel.append("path").attr("d", function (n) { return symbolPath(n.kind, n.r); });
    nodeSel.append("title").text(function (n) {
      return n.label + " (" + (n.kind || "party") + "): " + n.events + " events" + (n.ghost ? " in the earlier window, none in this one" : "");
    });
    var labelSel = root.append("g").attr("class", "labels").selectAll("text").data(nodes).enter().append("text")
      .attr("class", function (n) { return "label" + (n.kind === "state" ? " state" : "") + (n.ghost ? " ghost" : ""); })
      .attr("data-id", function (n) { return n.id; })
      .text(function (n) { return n.label; })
      .each(function (n) { n.labelNode = this; });
    placeLabels(nodes, labelSel);

    function focusOn(n, on) {
      var near = {};
      near[n.id] = true;
      links.forEach(function (l) { if (l.source === n) { near[l.target.id] = true; } if (l.target === n) { near[l.source.id] = true; } });
      root.classed("focusing", on);
      nodeSel.classed("near", function (m) { return on && near[m.id]; });
      edgeSel.classed("near", function (l) { return on && (l.source === n || l.target === n); });
      labelSel.classed("lit", function (m) { return on && m === n; });
    }

    var keyMax = document.getElementById("key-max");
    if (keyMax) { keyMax.textContent = String(maxEdge); }
    window.detenteNetwork = {
      nodes: nodes.map(function (n) { return { id: n.id, label: n.label, kind: n.kind, key: n.key, events: n.events, state: n.state || null, ghost: !!n.ghost }; }),
      edges: links.map(function (l) { return { id: l.id, source: l.source.id, target: l.target.id, events: l.events, sign: l.sign, change: changed[l.id] || null }; }),
      labels: function () {
        return labelSel.nodes().map(function (t) {
          var r = t.getBoundingClientRect();
          return { id: t.dataset.id, text: t.textContent, visible: window.getComputedStyle(t).display !== "none", x: r.x, y: r.y, w: r.width, h: r.height };
        });
      },
      position: function (id) { var n = byId[id]; if (!n) { return null; } var p = svgEl.createSVGPoint(); p.x = n.x; p.y = n.y; var q = p.matrixTransform(root.node().getScreenCTM()); return [q.x, q.y]; }
    };
    svgEl.dataset.nodes = String(nodes.length);
    svgEl.dataset.edges = String(links.length);
    svgEl.dataset.ready = "true";
  }

  // ------------------------------------------------------------------ pan and zoom (labels scale with the drawing)
  var zoom = d3.zoom().scaleExtent([0.5, 6]).on("zoom", function (evt) { root.attr("transform", evt.transform); });
  svg.call(zoom).on("dblclick.zoom", null);
  var fit = document.getElementById("net-fit");
  if (fit) { fit.addEventListener("click", function () { svg.call(zoom.transform, d3.zoomIdentity); }); }

  var graphUrl = ds.graph + query({ since: ds.since, until: ds.until, people: ds.people === "true" ? "true" : "" });
  var loads = [fetch(graphUrl, { headers: { "Accept": "application/json" } }).then(json)];
  if (ds.since1 || ds.until1) {
    loads.push(fetch("/api/changes" + query({ since1: ds.since1, until1: ds.until1, since2: ds.since, until2: ds.until }),
      { headers: { "Accept": "application/json" } }).then(json));
    loads.push(fetch(ds.graph + query({ since: ds.since1, until: ds.until1, people: ds.people === "true" ? "true" : "" }),
      { headers: { "Accept": "application/json" } }).then(json));
  }
  Promise.all(loads).then(function (r) {
    if (r[0].error) { throw new Error(r[0].error.message); }
    draw(r[0], r[1] || null, r[2] || null);
  }).catch(function (err) { if (status) { status.textContent = "could not draw the network: " + err; } });
})();
