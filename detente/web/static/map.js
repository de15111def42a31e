// The map: where a window's events happened (GET /api/map, this page's JSON twin), on the world map shipped with
// detente (Natural Earth via world-atlas, drawn with d3-geo; no tiles, no network). Places are markers, merged into
// one when they lie closer than CLUSTER_PX on screen (recomputed at every zoom); events located only to a state
// shade that state. Text from the store reaches the page as DOM text only (textContent), never as HTML.
(function () {
  "use strict";
  var svgEl = document.getElementById("map");
  if (!svgEl || typeof d3 === "undefined" || typeof topojson === "undefined") { return; }
  var panel = document.getElementById("map-panel");
  var TONES = ["cooperation", "conflict", "neutral"];
  var CLUSTER_PX = 26;
  var MAX_LISTED = 120;
  var svg = d3.select(svgEl);
  var box = svgEl.getBoundingClientRect();
  var W = Math.max(320, Math.round(box.width)), H = Math.max(240, Math.round(box.height));
  svg.attr("viewBox", "0 0 " + W + " " + H);
  // fitted to the inhabited latitudes (56°S to 80°N): Antarctica and the Arctic Ocean hold no events and half the height
  var FRAME = { type: "MultiPoint", coordinates: [[-180, 0], [180, 0], [0, -56], [0, 80], [-180, -56], [180, -56], [-180, 80], [180, 80]] };
  var projection = d3.geoEqualEarth().fitExtent([[6, 6], [W - 6, H - 6]], FRAME);
  var geoPath = d3.geoPath(projection);
  var world = svg.append("g").attr("class", "world");
  var markerLayer = svg.append("g").attr("class", "markers");
  var labelLayer = svg.append("g").attr("class", "place-labels").attr("aria-hidden", "true");
  var transform = d3.zoomIdentity;
  var places = [], data = null;

  function json(r) { if (!r.ok) { throw new Error(r.status + " " + r.statusText); } return r.json(); }
  function say(text) { var s = document.getElementById("map-status"); if (s) { s.textContent = text; } }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function majority(g) {
    return TONES.reduce(function (best, t) { return g[t] > g[best] ? t : best; }, "cooperation");
  }
  function names(list) { return list && list.length ? list.join(", ") : "—"; }

  // ------------------------------------------------------------------ the panel beside the map
  function showList(title, sub, items) {
    panel.textContent = "";
    panel.appendChild(el("h2", null, title));
    if (sub) { panel.appendChild(el("p", "muted", sub)); }
    var ul = el("ul", "map-events");
    items.slice(0, MAX_LISTED).forEach(function (it) {
      var li = el("li");
      var b = el("button", "event-button tone-border-" + it.tone);
      b.type = "button";
      b.dataset.event = it.id;
      b.appendChild(el("span", "dot tone-" + it.tone));
      b.appendChild(el("b", null, it.type + (it.mode ? " · " + it.mode : "")));
      b.appendChild(el("span", "muted", " " + (it.date || "undated") + (it.dated ? "" : " (published)")));
      b.appendChild(el("span", "parties", names(it.actors) + " → " + names(it.recipients)));
      b.addEventListener("click", function () { showEvent(it.id, function () { showList(title, sub, items); }); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    if (items.length > MAX_LISTED) { panel.appendChild(el("p", "muted", "and " + (items.length - MAX_LISTED) + " more")); }
    panel.focus({ preventScroll: true });
  }

  function showEvent(id, back) {
    fetch("/api/events/" + encodeURIComponent(id), { headers: { "Accept": "application/json" } }).then(json).then(function (e) {
      panel.textContent = "";
      if (back) {
        var b = el("button", "back", "← all events here");
        b.type = "button";
        b.addEventListener("click", back);
        panel.appendChild(b);
      }
      panel.appendChild(el("h2", null, e.type + (e.mode ? " · " + e.mode : "")));
      var ev = e.evidence || {}, sentence = ev.sentence || "";
      var q = el("blockquote", "evidence small-evidence");
      var ts = ev.trigger_start, te = ev.trigger_end, base = ev.start || 0;
      if (typeof ts === "number" && typeof te === "number" && ts - base >= 0 && te - base <= sentence.length && ts < te) {
        q.appendChild(document.createTextNode(sentence.slice(0, ts - base)));
        q.appendChild(el("mark", "trigger", sentence.slice(ts - base, te - base)));
        q.appendChild(document.createTextNode(sentence.slice(te - base)));
      } else {
        q.textContent = sentence;
      }
      panel.appendChild(q);
      var dl = el("dl", "facts compact");
      function row(k, v) { dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", null, v)); }
      var party = function (ps) { return names((ps || []).map(function (p) { return p.name; })); };
      row("Who", party(e.actors));
      row("To whom", party(e.recipients));
      var d = e.date;
      row("When", d ? (d.start === d.end || !d.end ? d.start : d.start + " – " + d.end) : (e.article_published ? e.article_published + " (published)" : "undated"));
      var loc = e.location;
      if (loc) { row("Where", loc.name + (loc.precision !== "city" ? " (" + (loc.precision === "admin1" ? "region" : "the state as a whole") + ")" : "") + (loc.text ? " · “" + loc.text + "”" : "")); }
      row("Score", e.score === null || e.score === undefined ? "n/a" : (e.score > 0 ? "+" : "") + e.score.toFixed(1) + (e.modality !== "asserted" ? " · " + e.modality : ""));
      row("Source", (e.outlet || "unknown outlet") + (e.article_published ? ", " + e.article_published : ""));
      panel.appendChild(dl);
      var a = el("a", "more", "Open the event and its article →");
      a.href = "/events/" + encodeURIComponent(id);
      panel.appendChild(a);
      panel.focus({ preventScroll: true });
    }).catch(function (err) { panel.textContent = "could not load the event: " + err; });
  }

  function openGroup(g) {
    if (g.items.length === 1) { showEvent(g.items[0].id); return; }
    var where = g.places.length === 1 ? g.places[0].name + ", " + (g.places[0].country || g.places[0].code || "")
      : g.places.length + " places: " + g.places.map(function (p) { return p.name; }).slice(0, 6).join(", ") + (g.places.length > 6 ? "…" : "");
    showList(where, g.events + " events · " + g.cooperation + " cooperation, " + g.conflict + " conflict, " + g.neutral + " neutral", g.items);
  }

  // ------------------------------------------------------------------ markers, merged when close on screen
  function clusters() {
    var pts = places.map(function (p) {
      var xy = transform.apply(p.xy);
      return { place: p, x: xy[0], y: xy[1] };
    }).sort(function (a, b) { return b.place.events - a.place.events || (a.place.id < b.place.id ? -1 : 1); });
    var out = [];
    pts.forEach(function (pt) {
      var hit = null;
      for (var i = 0; i < out.length; i++) {
        if (Math.hypot(out[i].ax - pt.x, out[i].ay - pt.y) < CLUSTER_PX) { hit = out[i]; break; }
      }
      if (!hit) { hit = { ax: pt.x, ay: pt.y, members: [] }; out.push(hit); }
      hit.members.push(pt);
    });
    return out.map(function (c) {
      var g = { places: [], items: [], events: 0, cooperation: 0, conflict: 0, neutral: 0, x: 0, y: 0 };
      c.members.forEach(function (m) {
        var p = m.place;
        g.places.push(p);
        g.items = g.items.concat(p.items);
        g.events += p.events;
        TONES.forEach(function (t) { g[t] += p[t]; });
        g.x += m.x * p.events;
        g.y += m.y * p.events;
      });
      g.x /= g.events; g.y /= g.events;
      g.id = g.places.map(function (p) { return p.id; }).sort().join(" ");
      g.tone = majority(g);
      return g;
    });
  }

  function radius(events) { return events === 1 ? 6 : Math.min(28, 8 + 3.2 * Math.sqrt(events)); }
  var arc = d3.arc();
  var pie = d3.pie().sort(null).value(function (d) { return d.n; });

  function drawMarkers() {
    var groups = clusters();
    var sel = markerLayer.selectAll("g.marker").data(groups, function (g) { return g.id; });
    sel.exit().remove();
    var enter = sel.enter().append("g")
      .attr("class", "marker")
      .attr("tabindex", 0)
      .attr("role", "button")
      .on("click", function (evt, g) { evt.stopPropagation(); activate(g); })
      .on("keydown", function (evt, g) {
        if (evt.key === "Enter" || evt.key === " ") { evt.preventDefault(); evt.stopPropagation(); activate(g); }
      });
    enter.each(function (g) {
      var node = d3.select(this), r = radius(g.events);
      var shares = TONES.map(function (t) { return { tone: t, n: g[t] }; }).filter(function (d) { return d.n > 0; });
      node.append("title").text(g.places.map(function (p) { return p.name; }).join(", ") + ": " + g.events + " events");
      if (shares.length === 1 || g.events === 1) {
        var c = node.append("circle").attr("r", r).attr("class", "tone-" + shares[0].tone);
        if (g.places.length === 1 && g.places[0].precision === "admin1") { c.classed("region", true); }
      } else {
        arc.innerRadius(r * 0.55).outerRadius(r);
        node.selectAll("path").data(pie(shares)).enter().append("path")
          .attr("d", arc).attr("class", function (d) { return "tone-" + d.data.tone; });
      }
      if (g.events > 1) {
        node.append("circle").attr("r", r * 0.55).attr("class", "hole");
        node.append("text").attr("class", "count").attr("dy", "0.35em").text(g.events);
      }
    });
    enter.merge(sel)
      .attr("transform", function (g) { return "translate(" + g.x.toFixed(1) + "," + g.y.toFixed(1) + ")"; })
      .attr("data-events", function (g) { return g.events; })
      .attr("data-places", function (g) { return g.id; })
      .attr("data-kind", function (g) { return g.places.length > 1 ? "cluster" : "place"; })
      .attr("data-tone", function (g) { return g.tone; })
      .attr("data-cooperation", function (g) { return g.cooperation; })
      .attr("data-conflict", function (g) { return g.conflict; })
      .attr("data-neutral", function (g) { return g.neutral; })
      .attr("aria-label", function (g) {
        return (g.places.length > 1 ? g.places.length + " places near " : "") + g.places[0].name + ": " + g.events +
          " events, " + g.cooperation + " cooperation, " + g.conflict + " conflict";
      });
    drawLabels(groups);
  }

  // the names of the largest places, where they fit beside their marker without covering another name or marker
  function drawLabels(groups) {
    var taken = groups.map(function (g) { var r = radius(g.events); return [g.x - r, g.y - r, g.x + r, g.y + r]; });
    var shown = [];
    groups.slice().sort(function (a, b) { return b.events - a.events; }).slice(0, 40).forEach(function (g) {
      var name = g.places.length === 1 ? g.places[0].name : g.places[0].name + " +" + (g.places.length - 1);
      var w = name.length * 6.6 + 4, h = 14, r = radius(g.events);
      var x = g.x + r + 3, y = g.y - h / 2;
      var b = [x, y, x + w, y + h];
      if (b[2] > W || b[1] < 0 || b[3] > H) { return; }
      var clash = taken.some(function (t) { return !(b[2] < t[0] || b[0] > t[2] || b[3] < t[1] || b[1] > t[3]); });
      if (clash) { return; }
      taken.push(b);
      shown.push({ id: g.id, name: name, x: x, y: g.y });
    });
    var sel = labelLayer.selectAll("text").data(shown, function (d) { return d.id; });
    sel.exit().remove();
    sel.enter().append("text").attr("class", "place-label").attr("dy", "0.35em").merge(sel)
      .attr("x", function (d) { return d.x.toFixed(1); }).attr("y", function (d) { return d.y.toFixed(1); })
      .text(function (d) { return d.name; });
  }

  function activate(g) {
    openGroup(g);
    if (g.places.length > 1 && transform.k < 40) {  // a merged marker: zoom in until its places part
      var xs = g.places.map(function (p) { return p.xy[0]; }), ys = g.places.map(function (p) { return p.xy[1]; });
      zoomTo([[d3.min(xs), d3.min(ys)], [d3.max(xs), d3.max(ys)]], 2 * CLUSTER_PX, transform.k * 2.5, 80);
    }
  }

  // ------------------------------------------------------------------ zoom and pan
  var zoom = d3.zoom().scaleExtent([1, 80]).translateExtent([[0, 0], [W, H]])
    .on("zoom", function (evt) {
      transform = evt.transform;
      world.attr("transform", transform);
      drawMarkers();
    });
  svg.call(zoom);

  // zoom so that the bounds (in projected units) fill the map less `pad` pixels, at a scale within [lo, hi]
  function zoomTo(bounds, pad, lo, hi) {
    var dx = Math.max(1, bounds[1][0] - bounds[0][0]), dy = Math.max(1, bounds[1][1] - bounds[0][1]);
    var k = Math.min((W - 2 * pad) / dx, (H - 2 * pad) / dy);
    k = Math.max(1, Math.min(hi || 12, Math.max(lo || 1, k)));
    var cx = (bounds[0][0] + bounds[1][0]) / 2, cy = (bounds[0][1] + bounds[1][1]) / 2;
    setTransform(d3.zoomIdentity.translate(W / 2, H / 2).scale(k).translate(-cx, -cy));
  }

  // zoom.transform does not keep a transform within the translate extent as scaleBy and translateBy do: do it here
  function setTransform(t) {
    svg.call(zoom.transform, zoom.constrain()(t, [[0, 0], [W, H]], zoom.translateExtent()));
  }

  // where most of the events are: the weighted 8th to 92nd percentiles of the places and the shaded states' centres,
  // so that one far-off event does not pull the first view out to the whole world ("World" shows it all)
  function dataBounds() {
    var pts = places.map(function (p) { return [p.xy[0], p.xy[1], p.events]; });
    world.selectAll("path.country").each(function (c) {
      var xy = geoPath.centroid(c);
      if (isFinite(xy[0])) { pts.push([xy[0], xy[1], c.group.events]); }
    });
    if (!pts.length) { return null; }
    function quantile(axis, q) {
      var sorted = pts.slice().sort(function (a, b) { return a[axis] - b[axis]; });
      var total = d3.sum(sorted, function (p) { return p[2]; }), seen = 0;
      for (var i = 0; i < sorted.length; i++) { seen += sorted[i][2]; if (seen >= q * total) { return sorted[i][axis]; } }
      return sorted[sorted.length - 1][axis];
    }
    return [[quantile(0, 0.08), quantile(1, 0.08)], [quantile(0, 0.92), quantile(1, 0.92)]];
  }

  function zoomToData() {
    var b = dataBounds();
    if (b) { zoomTo(b, 70, 1, 6); } else { setTransform(d3.zoomIdentity); }
  }

  d3.select("#zoom-in").on("click", function () { svg.call(zoom.scaleBy, 1.6); });
  d3.select("#zoom-out").on("click", function () { svg.call(zoom.scaleBy, 1 / 1.6); });
  d3.select("#zoom-world").on("click", function () { setTransform(d3.zoomIdentity); });
  d3.select("#zoom-data").on("click", zoomToData);
  svgEl.addEventListener("keydown", function (evt) {
    var step = 80 / transform.k, moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[evt.key]) { evt.preventDefault(); svg.call(zoom.translateBy, moves[evt.key][0], moves[evt.key][1]); }
    else if (evt.key === "+" || evt.key === "=") { evt.preventDefault(); svg.call(zoom.scaleBy, 1.6); }
    else if (evt.key === "-" || evt.key === "_") { evt.preventDefault(); svg.call(zoom.scaleBy, 1 / 1.6); }
    else if (evt.key === "0") { evt.preventDefault(); setTransform(d3.zoomIdentity); }
  });

  // ------------------------------------------------------------------ the world and the data
  function draw(atlas, d) {
    data = d;
    var features = topojson.feature(atlas, atlas.objects.countries).features;
    var byKey = {};
    features.forEach(function (f) {
      if (f.id !== undefined && !byKey[f.id]) { byKey[f.id] = f; }
      if (f.properties && f.properties.name && !byKey[f.properties.name]) { byKey[f.properties.name] = f; }
    });
    world.append("path").datum({ type: "Sphere" }).attr("class", "sphere").attr("d", geoPath);
    world.append("path").datum(d3.geoGraticule10()).attr("class", "graticule").attr("d", geoPath);
    world.append("g").attr("class", "land").selectAll("path").data(features).enter().append("path").attr("d", geoPath);
    var maxCountry = d3.max(d.countries, function (c) { return c.events; }) || 1;
    var drawn = [], missing = [];
    d.countries.forEach(function (c) {
      var f = c.atlas ? byKey[c.atlas] : null;
      if (f) { drawn.push(Object.assign({}, f, { group: c })); } else { missing.push(c.name || c.code); }
    });
    world.append("g").attr("class", "shaded").selectAll("path").data(drawn).enter().append("path")
      .attr("d", geoPath)
      .attr("class", function (f) { return "country tone-" + f.group.tone; })
      .attr("fill-opacity", function (f) { return (0.12 + 0.48 * Math.sqrt(f.group.events / maxCountry)).toFixed(2); })
      .attr("data-code", function (f) { return f.group.code; })
      .attr("data-events", function (f) { return f.group.events; })
      .attr("data-tone", function (f) { return f.group.tone; })
      .attr("tabindex", 0).attr("role", "button")
      .attr("aria-label", function (f) { return (f.group.name || f.group.code) + ": " + f.group.events + " events located only to the state"; })
      .on("click", function (evt, f) { openCountry(f.group); })
      .on("keydown", function (evt, f) { if (evt.key === "Enter" || evt.key === " ") { evt.preventDefault(); openCountry(f.group); } })
      .append("title").text(function (f) { return (f.group.name || f.group.code) + ": " + f.group.events + " events located only to the state"; });
    world.append("path").datum(topojson.mesh(atlas, atlas.objects.countries, function (a, b) { return a !== b; }))
      .attr("class", "borders").attr("d", geoPath);
    places = d.places.map(function (p) { return Object.assign({ xy: projection([p.lon, p.lat]) }, p); })
      .filter(function (p) { return p.xy && isFinite(p.xy[0]); });
    if (missing.length) {
      var note = el("p", "muted small", "Not on the map (no shape for the state): " + missing.join(", "));
      svgEl.parentNode.appendChild(note);
    }
    zoomToData();
    drawMarkers();
    svgEl.dataset.ready = "true";
  }

  function openCountry(c) {
    showList((c.name || c.code) + " (the state as a whole)",
      c.events + " events the text locates only to the state · " + c.cooperation + " cooperation, " + c.conflict + " conflict", c.items);
  }

  window.detenteMap = {
    markers: function () {
      return markerLayer.selectAll("g.marker").nodes().map(function (n) {
        return { places: n.dataset.places.split(" "), events: Number(n.dataset.events), kind: n.dataset.kind,
          tone: n.dataset.tone, cooperation: Number(n.dataset.cooperation), conflict: Number(n.dataset.conflict),
          neutral: Number(n.dataset.neutral) };
      });
    },
    zoomBy: function (k) { svg.call(zoom.scaleBy, k); },
    reset: function () { setTransform(d3.zoomIdentity); },
    data: function () { return data; }
  };

  Promise.all([fetch(svgEl.dataset.atlas).then(json),
    fetch(svgEl.dataset.src, { headers: { "Accept": "application/json" } }).then(json)])
    .then(function (r) { draw(r[0], r[1]); })
    .catch(function (err) { say("could not draw the map: " + err); });
})();
