/*
 * factsheets.js: progressive enhancement for the fact sheets. Pages work without it.
 *  - Charts: each .fs-chart[data-fs-data] becomes a live Vega-Lite chart. The offline
 *    vega-bundle.js (next to this file) is loaded once, only by a page that has a chart, and
 *    only once the reader scrolls, touches, points or types (see engage below).
 *    The static chart (an SVG image made at build time) is hidden once the live chart has
 *    rendered, and kept: on paper it prints instead of the live chart, which is as wide as
 *    the screen it was drawn for.
 *  - Downloads: each chart's "data (CSV)" link, and the "chart (Vega-Lite JSON)" link this
 *    adds beside it, save the chart's own file, made from the page's figures.json and
 *    figures.csv.
 *  - Tables: table.fs-sortable gets header buttons that sort its rows, with aria-sort
 *    and a polite live region that announces the new order.
 *  - Language alternates: see keepAlternatesFromMaterial below.
 * Material's instant navigation runs scripts once, so all per-page work runs from
 * document$ (every page view), or from DOMContentLoaded without Material.
 */
(function () {
  "use strict";

  if (window.__fsFactsheets) { return; }
  window.__fsFactsheets = true;

  // document.currentScript is only set while this file first executes: capture it now.
  var SCRIPT_SRC = (function () {
    var own = document.currentScript || document.querySelector('script[src*="factsheets.js"]');
    return own && own.src ? own.src : "";
  })();

  /*
   * Material (9.8) reads every <link rel="alternate"> of a page as the root of a language: it
   * fetches the sitemap.xml beside it and, from then on, sends a click on any link below that
   * address to "the same page" in that language. The site's alternates name this same page in
   * each language (for search engines), so that would fetch cities/sitemap.xml (missing) and
   * send a click on a city's link to the cities index. The site's own switcher already leads
   * to the same page, so those lookups are skipped: a request for a sitemap.xml other than the
   * one at the root of this language's site (which instant navigation uses) ends as aborted,
   * unsent, and Material then records nothing for it.
   */
  function keepAlternatesFromMaterial() {
    var config = document.getElementById("__config");
    if (!config || typeof XMLHttpRequest === "undefined") { return; }
    var own;
    try {
      var base = String(JSON.parse(config.textContent).base).replace(/\/+$/, "") + "/";
      own = new URL("sitemap.xml", new URL(base, window.location.href)).href;
    } catch (err) {
      return;
    }
    var open = XMLHttpRequest.prototype.open;
    var send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) {
      var target = String(url);
      try { target = new URL(target, window.location.href).href; } catch (err) { /* as given */ }
      this.__fsSkip = /\/sitemap\.xml$/.test(target.split("?")[0]) && target !== own;
      return open.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
      if (this.__fsSkip) {
        this.dispatchEvent(new ProgressEvent("abort"));
        return undefined;
      }
      return send.apply(this, arguments);
    };
  }
  keepAlternatesFromMaterial();

  var vegaPromise = null; // one load per session, shared by every page view
  var liveViews = [];     // {el, view}, finalized once their page is gone
  var observer = null;    // watches the current page's charts until they come into view

  function loadVega() {
    if (vegaPromise) { return vegaPromise; }
    vegaPromise = new Promise(function (resolve, reject) {
      if (typeof window.vegaEmbed === "function") { resolve(); return; }
      var script = document.createElement("script");
      script.src = new URL("vega-bundle.js", SCRIPT_SRC).href;
      script.async = true;
      script.onload = function () {
        if (typeof window.vegaEmbed === "function") { resolve(); }
        else { reject(new Error(script.src + " did not define vegaEmbed")); }
      };
      script.onerror = function () { reject(new Error("could not load " + script.src)); };
      document.head.appendChild(script);
    });
    vegaPromise.catch(function (err) {
      console.error("factsheets: live charts unavailable, static charts kept.", err);
    });
    return vegaPromise;
  }

  function chartName(el) {
    var figure = el.closest("figure");
    return figure && figure.id ? "#" + figure.id : "a chart";
  }

  /* ---- A chart's spec and data, from the page's figures.json ---- */

  // figures.json holds each chart as the address of a template charts share (assets/charts/)
  // and what the chart changes in it; the two are fetched once per visit and put together
  // here, for the live chart and for the downloads (chartspec.py describes the patch).
  var fetched = {}; // promises of text, by address: one request per file and visit

  function fetchText(url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status + " for " + url); }
        return response.text();
      });
      fetched[url].catch(function () { delete fetched[url]; }); // a later try asks again
    }
    return fetched[url];
  }

  function fetchJson(url) {
    return fetchText(url).then(function (text) { return JSON.parse(text); });
  }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // A new value as the patch writes it: rows of a chart as {"$table": [keys, values...]}.
  function unpack(value) {
    if (Array.isArray(value)) { return value.map(unpack); }
    if (value === null || typeof value !== "object") { return value; }
    if (has(value, "$table")) {
      var keys = value["$table"][0];
      return value["$table"].slice(1).map(function (row) {
        var out = {};
        keys.forEach(function (key, i) { out[key] = unpack(row[i]); });
        return out;
      });
    }
    var copy = {};
    Object.keys(value).forEach(function (key) { copy[key] = unpack(value[key]); });
    return copy;
  }

  function applyPatch(template, patch) {
    if (patch !== null && typeof patch === "object" && !Array.isArray(patch) && has(patch, "$=")) {
      return unpack(patch["$="]);
    }
    if (Array.isArray(template)) {
      var list = template.slice();
      Object.keys(patch["$[]"]).forEach(function (i) {
        list[+i] = applyPatch(template[+i], patch["$[]"][i]);
      });
      return list;
    }
    if (template !== null && typeof template === "object") {
      var removed = patch["$-"] || [];
      var out = {};
      Object.keys(template).forEach(function (key) {
        if (removed.indexOf(key) < 0) { out[key] = template[key]; }
      });
      Object.keys(patch).forEach(function (key) {
        if (key === "$-") { return; }
        out[key] = has(template, key) ? applyPatch(template[key], patch[key]) : unpack(patch[key]);
      });
      return out;
    }
    return unpack(patch);
  }

  // The figure's entry in its page's figures.json, and that file's address.
  function figureOf(el) {
    var address = new URL(el.getAttribute("data-fs-data"), window.location.href).href;
    var id = el.getAttribute("data-fs-figure");
    return fetchJson(address).then(function (data) {
      var found = (data.figures || []).filter(function (f) { return f.id === id; })[0];
      if (!found) { throw new Error(address + " has no figure " + id); }
      return { figure: found, address: address };
    });
  }

  // The chart's Vega-Lite spec, a copy of its own; and the address data it loads is named from.
  function chartSpec(el) {
    return figureOf(el).then(function (found) {
      var chart = found.figure.chart;
      if (!chart) { throw new Error(found.address + " has no chart for " + found.figure.id); }
      if (chart.spec) { return { spec: chart.spec, base: found.address }; }
      return fetchJson(new URL(chart.template, found.address).href).then(function (template) {
        var spec = JSON.parse(JSON.stringify(applyPatch(template, chart.patch)));
        // the chart's description is its figure's, held beside it (chartspec.put_together)
        if (!has(spec, "description") && found.figure.description) {
          spec.description = found.figure.description;
        }
        return { spec: spec, base: found.address };
      });
    });
  }

  function renderChart(el) {
    chartSpec(el).then(function (made) {
      drawChart(el, made.spec, made.base);
    }).catch(function (err) {
      el.dataset.fsChart = "failed";
      console.error("factsheets: could not load the chart spec of " + chartName(el), err);
    });
  }

  function drawChart(el, spec, base) {
    var target = document.createElement("div");
    target.className = "fs-chart__live";
    target.setAttribute("aria-hidden", "true"); // the .fs-chart itself is role="img" + aria-label
    el.classList.add("fs-chart--pending");
    el.appendChild(target);
    // Specs in the page leave out the shared chart theme; the bundle script defines it.
    var options = { mode: "vega-lite", renderer: "svg", actions: false,
      config: window.factsheetsChartConfig || {} };
    // ast: expressions are interpreted, never compiled with eval / new Function (strict CSP).
    // The bundle's vega-embed supplies Vega's own interpreter for it.
    options.ast = true;
    // Data a spec loads (a map's boundaries) is named relative to the page's figures.json.
    options.loader = { baseURL: base.slice(0, base.lastIndexOf("/") + 1) };
    window.vegaEmbed(target, spec, options).then(function (result) {
      liveViews.push({ el: el, view: result.view });
      // the static chart stays, hidden by the stylesheet: it is the chart on paper
      el.classList.remove("fs-chart--pending");
      el.classList.add("fs-chart--live");
      el.dataset.fsChart = "live";
    }).catch(function (err) {
      if (target.parentNode) { target.parentNode.removeChild(target); }
      el.classList.remove("fs-chart--pending");
      el.dataset.fsChart = "failed";
      console.error("factsheets: " + chartName(el) + " failed, static chart kept.", err);
    });
  }

  function setupCharts(root) {
    // Free the resize listeners of charts that instant navigation has removed.
    liveViews = liveViews.filter(function (item) {
      if (document.documentElement.contains(item.el)) { return true; }
      item.view.finalize();
      return false;
    });
    var charts = Array.prototype.slice.call(root.querySelectorAll(".fs-chart[data-fs-data]:not([data-fs-chart])"));
    if (!charts.length) { return; }
    charts.forEach(function (el) { el.dataset.fsChart = "pending"; }); // never upgrade twice
    // The static SVG is already on screen: the interactive chart (and the ~300 KB script
    // behind it) is only loaded for charts that come near the viewport.
    if (observer) { observer.disconnect(); }
    if (!("IntersectionObserver" in window)) { upgrade(charts); return; }
    observer = new IntersectionObserver(function (entries, obs) {
      var near = entries.filter(function (e) { return e.isIntersecting; })
        .map(function (e) { obs.unobserve(e.target); return e.target; });
      if (near.length) { upgrade(near); }
    }, { threshold: 0.2 });
    charts.forEach(function (el) { observer.observe(el); });
  }

  // The live chart (and the ~300 KB script behind it) also waits for the reader to act on the
  // page: scroll, touch, pointer or keys. A reader who only looks at the static charts never
  // downloads it, and loading it never blocks a page that has just opened; charts seen before
  // then turn live at the first such act.
  var ENGAGE = ["scroll", "wheel", "pointerdown", "pointermove", "touchstart", "keydown"];
  var engaged = false;
  var seen = [];          // charts that came into view before the reader acted

  function engage() {
    if (engaged) { return; }
    engaged = true;
    ENGAGE.forEach(function (type) { window.removeEventListener(type, engage, true); });
    var ready = seen.filter(function (el) { return document.documentElement.contains(el); });
    seen = [];
    if (ready.length) { upgrade(ready); }
  }

  ENGAGE.forEach(function (type) {
    window.addEventListener(type, engage, { capture: true, passive: true });
  });

  function upgrade(charts) {
    if (!engaged) { seen = seen.concat(charts); return; }
    loadVega().then(function () {
      charts.forEach(renderChart);
    }, function () {
      charts.forEach(function (el) { el.dataset.fsChart = "failed"; }); // already logged once
    });
  }

  /* ---- A chart's downloads, made on click ---- */

  // Without the script, "data (CSV)" is the page's table of every chart (figures.csv, its
  // chart column says which) and the spec link stays hidden. With it, each link saves the
  // chart's own file: its rows of that table, or its spec put together as for the live chart.
  function parseCsv(text) {
    var rows = [], row = [], field = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') { quoted = false; }
        else { field += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i++; }
        row.push(field); rows.push(row); row = []; field = "";
      } else { field += c; }
    }
    if (field !== "" || row.length) { row.push(field); rows.push(row); }
    return rows;
  }

  function csvField(value) {
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function chartCsv(el) {
    return figureOf(el).then(function (found) {
      var figure = found.figure;
      return fetchText(new URL(figure.files.data, found.address).href).then(function (text) {
        var rows = parseCsv(text);
        var header = rows[0] || [];
        var chart = header.indexOf("chart");
        var columns = figure.columns || [];
        if (!columns.length) { return ""; }
        var at = columns.map(function (name) { return header.indexOf(name); });
        var lines = [columns.map(csvField).join(",")];
        rows.slice(1).forEach(function (row) {
          if (row[chart] !== figure.id) { return; }
          lines.push(at.map(function (i) { return csvField(i < 0 ? "" : row[i] || ""); }).join(","));
        });
        return lines.join("\n") + "\n";
      });
    });
  }

  function save(text, name, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function setupDownloads(root) {
    var lists = root.querySelectorAll(".fs-figure .fs-downloads:not([data-fs-downloads])");
    Array.prototype.forEach.call(lists, function (list) {
      list.dataset.fsDownloads = "ready";
      var figure = list.closest("figure");
      var chart = figure && figure.querySelector(".fs-chart[data-fs-data]");
      if (!chart || typeof Blob !== "function" || !window.URL || !URL.createObjectURL) { return; }
      // The chart's spec is only of use with a script, which makes it: the link is the script's.
      var words = message("chart-spec", {});
      if (words) {
        var specLink = document.createElement("a");
        specLink.href = chart.getAttribute("data-fs-data");
        specLink.setAttribute("data-fs-download", "spec");
        specLink.textContent = words;
        list.appendChild(document.createTextNode(" · "));
        list.appendChild(specLink);
      }
      Array.prototype.forEach.call(list.querySelectorAll("a[data-fs-download]"), function (link) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          var id = chart.getAttribute("data-fs-figure");
          var made = link.getAttribute("data-fs-download") === "csv"
            ? chartCsv(chart).then(function (text) { save(text, id + ".csv", "text/csv"); })
            : chartSpec(chart).then(function (result) {
              save(JSON.stringify(result.spec, null, 2) + "\n", id + ".vl.json", "application/json");
            });
          made.catch(function (err) {
            console.error("factsheets: could not make the download of " + chartName(chart), err);
            window.location.href = link.href; // the page's own file, which holds it
          });
        });
      });
    });
  }

  /* ---- Words a reader sees ---- */

  // The page carries them in its language (data-fs-messages, written by the theme override
  // main.html); without them the script says nothing rather than something in another language.
  function message(name, values) {
    var holder = document.querySelector("[data-fs-messages]");
    var text = holder ? holder.getAttribute("data-" + name) : null;
    if (!text) { return ""; }
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  /* ---- Sortable tables ---- */

  // Names sort by the rules of the page's language (Material sets <html lang>).
  var collator = new Intl.Collator(document.documentElement.lang || undefined,
    { sensitivity: "base", numeric: true });

  function toNumber(text) {
    var match = text.replace(/\u2212/g, "-").replace(/[\s,\u00a0\u202f]/g, "")
      .match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/i);
    return match ? parseFloat(match[0]) : null;
  }

  function sortKey(row, index, type) {
    var cell = row.cells[index];
    if (!cell) { return null; }
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    raw = raw.replace(/\s+/g, " ").trim();
    if (raw === "") { return null; }
    return type === "number" ? toNumber(raw) : raw;
  }

  function sortTable(table, index, type, direction) {
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      var items = Array.prototype.map.call(tbody.rows, function (row, i) {
        return { row: row, i: i, key: sortKey(row, index, type) };
      });
      items.sort(function (a, b) {
        if (a.key === null || b.key === null) { // missing values always last
          return a.key === b.key ? a.i - b.i : (a.key === null ? 1 : -1);
        }
        var c = type === "number" ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
          : collator.compare(a.key, b.key);
        return direction * c || a.i - b.i; // tie-break on current order: stable
      });
      tbody.textContent = ""; // detach all rows at once, then re-append them in one go
      var fragment = document.createDocumentFragment();
      items.forEach(function (item) { fragment.appendChild(item.row); });
      tbody.appendChild(fragment);
    });
  }

  function setupTable(table) {
    var head = table.tHead;
    if (!head || !head.rows.length || !table.tBodies.length) { return; }
    table.dataset.fsSortable = "ready";
    var headers = Array.prototype.filter.call(head.rows[head.rows.length - 1].cells, function (c) {
      return c.localName === "th";
    });
    var status = document.createElement("p");
    status.className = "fs-visually-hidden";
    status.setAttribute("aria-live", "polite");
    table.insertAdjacentElement("afterend", status);

    headers.forEach(function (th) {
      var label = th.textContent.replace(/\s+/g, " ").trim();
      var type = th.getAttribute("data-sort-type") === "number" ? "number" : "text";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fs-sort";
      var words = document.createElement("span");  // the heading; its arrow goes beside it
      words.className = "fs-sort__label";
      while (th.firstChild) { words.appendChild(th.firstChild); }
      button.appendChild(words);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        sortTable(table, th.cellIndex, type, ascending ? 1 : -1);
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        status.textContent = message(ascending ? "sorted-ascending" : "sorted-descending",
          { column: label });
      });
    });
  }

  /* ---- Tables that stack on a phone ---- */

  // Tables in "Show data" carry no captions for their cells: each cell gets its column's
  // heading as data-label, and the table then stacks into cards on a narrow screen like the
  // page's other tables (factsheets.css, .fs-stack). Without the script they stay a table.
  function labelCells(wrap) {
    var table = wrap.querySelector("table");
    if (!table || !table.tHead || !table.tHead.rows.length) { return; }
    var headings = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      Array.prototype.forEach.call(tbody.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (cell.localName === "td" && headings[i] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", headings[i]);
          }
        });
      });
    });
    wrap.classList.add("fs-stack");
  }

  function setup() {
    setupCharts(document);
    setupDownloads(document);
    Array.prototype.forEach.call(document.querySelectorAll(".fs-data .fs-table-wrap:not(.fs-stack)"), labelCells);
    Array.prototype.forEach.call(document.querySelectorAll("table.fs-sortable:not([data-fs-sortable])"), setupTable);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setup(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
