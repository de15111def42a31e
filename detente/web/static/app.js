// What every page does. Forms send only the fields that are filled in (short links to share: /?since=2025 rather
// than /?since=2025&until=&since1=&until1=). Charts and the map are saved as SVG or PNG by the buttons of any
// <span class="save" data-save-for="SVG-ID">.
// The SVG is copied with the computed style of every element written as presentation attributes, so the file
// looks as the page does without the page's stylesheet; the PNG is that SVG drawn on a canvas at twice the size.
// Nothing leaves the browser (no server round trip; a data: image, which the page's CSP allows, then a blob).
(function () {
  "use strict";
  var PROPS = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
    "stroke-linecap", "stroke-linejoin", "opacity", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "paint-order", "visibility", "display"];
  var NS = "http://www.w3.org/2000/svg";

  function copyStyle(from, to) {
    var cs = window.getComputedStyle(from);
    PROPS.forEach(function (p) {
      var v = cs.getPropertyValue(p);
      if (v !== "") { to.setAttribute(p, v); }
    });
    to.removeAttribute("class");
    to.removeAttribute("tabindex");
  }

  // a standalone SVG document of what `svg` shows now, as text
  function standalone(svg) {
    var box = svg.getBoundingClientRect();
    var w = Math.max(1, Math.round(box.width)), h = Math.max(1, Math.round(box.height));
    var clone = svg.cloneNode(true);
    var from = svg.querySelectorAll("*"), to = clone.querySelectorAll("*");
    for (var i = 0; i < from.length; i++) { copyStyle(from[i], to[i]); }
    copyStyle(svg, clone);
    clone.setAttribute("xmlns", NS);
    clone.setAttribute("width", String(w));
    clone.setAttribute("height", String(h));
    if (!clone.getAttribute("viewBox")) { clone.setAttribute("viewBox", "0 0 " + w + " " + h); }
    var vb = clone.getAttribute("viewBox").split(/[\s,]+/).map(Number);
    var bg = document.createElementNS(NS, "rect");
    bg.setAttribute("x", String(vb[0])); bg.setAttribute("y", String(vb[1]));
    bg.setAttribute("width", String(vb[2])); bg.setAttribute("height", String(vb[3]));
    bg.setAttribute("fill", "#ffffff");
    clone.insertBefore(bg, clone.firstChild);
    return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone), width: w, height: h };
  }

  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }

  function save(svg, format, name) {
    var doc = standalone(svg);
    if (format === "svg") {
      download(new Blob([doc.text], { type: "image/svg+xml" }), name + ".svg");
      return;
    }
    var img = new Image();
    img.onload = function () {
      var scale = 2, canvas = document.createElement("canvas");
      canvas.width = doc.width * scale;
      canvas.height = doc.height * scale;
      var ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, doc.width, doc.height);
      canvas.toBlob(function (blob) { if (blob) { download(blob, name + ".png"); } }, "image/png");
    };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(doc.text);
  }

  document.addEventListener("click", function (evt) {
    var button = evt.target.closest ? evt.target.closest(".save button[data-format]") : null;
    if (!button) { return; }
    var holder = button.closest(".save");
    var svg = document.getElementById(holder.dataset.saveFor);
    if (!svg) { return; }
    save(svg, button.dataset.format, holder.dataset.saveName || "detente-chart");
  });
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form || (form.method || "get").toLowerCase() !== "get") { return; }
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && (field.type === "date" || field.type === "text" || field.type === "select-one") && !field.value) {
        field.disabled = true;  // a disabled field is not sent
      }
    });
  });
  window.addEventListener("pageshow", function () {  // back to a page whose form was sent: its fields work again
    Array.prototype.forEach.call(document.querySelectorAll("form [disabled]"), function (f) { f.disabled = false; });
  });
  window.detenteSave = { standalone: standalone };
})();
