// The network explorer: actors sized by activity, links coloured from conflict (red) to cooperation (green).
// Data comes from the page's JSON twin (/api/graph); labels are drawn on canvas, never parsed as HTML.
(function () {
  "use strict";
  var box = document.getElementById("cy");
  if (!box || typeof cytoscape !== "function") { return; }
  var since = document.getElementById("since");
  var until = document.getElementById("until");
  var slider = document.getElementById("slider");
  var status = document.getElementById("status");
  var cy = null;

  // the same ramp as detente.web.render.score_colour
  function colour(score) {
    if (score === null || score === undefined) { return "#9e9e9e"; }
    var t = Math.max(-1, Math.min(1, score / 10));
    t = (t < 0 ? -1 : 1) * Math.sqrt(Math.abs(t));
    var grey = [158, 158, 158], to = t > 0 ? [46, 125, 50] : [198, 40, 40];
    var c = grey.map(function (g, i) { return Math.round(g + (to[i] - g) * Math.abs(t)); });
    return "rgb(" + c.join(",") + ")";
  }

  function path(key) { return encodeURIComponent(key).replace(/%3A/g, ":"); }

  function elements(graph) {
    var maxEvents = Math.max.apply(null, [1].concat(graph.nodes.map(function (n) { return n.events; })));
    var maxEdge = Math.max.apply(null, [1].concat(graph.edges.map(function (e) { return e.events; })));
    var nodes = graph.nodes.map(function (n) {
      return { group: "nodes", data: { id: n.id, label: n.label, kind: n.kind,
        size: 18 + 52 * Math.sqrt(n.events / maxEvents) } };
    });
    var edges = graph.edges.map(function (e) {
      // net score on the side the edge's sign gives (as detente.web.render.edge_tone)
      var tone = (e.sign || 0) * Math.min(10, Math.abs(e.score || 0));
      return { group: "edges", data: { id: e.id, source: e.source, target: e.target, colour: colour(tone),
        width: 1.5 + 8 * Math.sqrt(e.events / maxEdge), events: e.events } };
    });
    return nodes.concat(edges);
  }

  function draw(graph) {
    if (cy) { cy.destroy(); }
    box.dataset.ready = "false";
    cy = cytoscape({
      container: box,
      elements: elements(graph),
      minZoom: 0.2, maxZoom: 4,
      style: [
        { selector: "node", style: { "width": "data(size)", "height": "data(size)", "label": "data(label)",
          "background-color": "#1d4ed8", "color": "#111827", "font-size": 13, "text-valign": "bottom",
          "text-margin-y": 4, "text-outline-color": "#fff", "text-outline-width": 2 } },
        { selector: "node[kind = 'person']", style: { "background-color": "#059669", "shape": "round-rectangle" } },
        { selector: "node[kind = 'organisation'], node[kind = 'group']", style: { "background-color": "#7c3aed", "shape": "diamond" } },
        { selector: "edge", style: { "line-color": "data(colour)", "width": "data(width)", "curve-style": "bezier", "opacity": 0.85 } },
        { selector: ":selected", style: { "border-width": 3, "border-color": "#f59e0b", "line-color": "#f59e0b" } }
      ],
      layout: { name: graph.nodes.length > 1 ? "cose" : "grid", animate: false, randomize: false, padding: 40,
        nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 110; } }
    });
    cy.on("tap", "node", function (evt) { window.location.href = "/actors/" + path(evt.target.id()); });
    cy.on("tap", "edge", function (evt) {
      var e = evt.target;
      window.location.href = "/dyads/" + path(e.data("source")) + "/" + path(e.data("target"));
    });
    window.detenteNetwork = cy;  // for the console and the end-to-end tests
    box.dataset.nodes = String(graph.nodes.length);
    box.dataset.edges = String(graph.edges.length);
    box.dataset.ready = "true";
    if (status) {
      status.textContent = graph.nodes.length + " actors, " + graph.edges.length + " links" +
        (graph.range && graph.range.min ? " · data from " + graph.range.min + " to " + graph.range.max : "");
    }
  }

  function load() {
    var params = new URLSearchParams();
    if (since && since.value) { params.set("since", since.value); }
    if (until && until.value) { params.set("until", until.value); }
    var url = box.dataset.graph + (params.toString() ? "?" + params.toString() : "");
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (graph) {
        if (graph.error) { status.textContent = graph.error.message; return; }
        draw(graph);
      })
      .catch(function (err) { if (status) { status.textContent = "could not load the network: " + err; } });
  }

  // the slider moves the window's end across the data's date range, redrawing as it goes
  function day(ms) { return new Date(ms).toISOString().slice(0, 10); }
  if (slider && box.dataset.min && box.dataset.max) {
    var lo = Date.parse(box.dataset.min), hi = Date.parse(box.dataset.max);
    slider.addEventListener("change", function () {
      if (until) { until.value = day(lo + (hi - lo) * Number(slider.value) / 100); }
      load();
    });
  } else if (slider) {
    slider.disabled = true;
  }
  [since, until].forEach(function (input) { if (input) { input.addEventListener("change", load); } });
  load();
})();
