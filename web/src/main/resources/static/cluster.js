// The cluster page's live parts: the charts every second, with a dashed marker at every action taken
// (stop, restart, wipe, partition, zone cut, heal, join, leave, and a new ring coming into force);
// the ring, the node table and the partition form's nodes every two seconds, together, from one
// snapshot of the cluster.
(function () {
  "use strict";
  var KIND_COLOURS = { stop: "#d62728", wipe: "#d62728", restart: "#2ca02c", partition: "#9467bd",
    "cut-zone": "#9467bd", heal: "#17becf", join: "#1f77b4", leave: "#1f77b4", ring: "#7f7f7f" };
  var events = [];

  function colourOf(kind) { return KIND_COLOURS[kind] || "#8c564b"; }

  // A uPlot plugin: a dashed vertical line and a label at each event inside the chart's time range.
  // Labels are placed newest first, each in the first of three rows where it overlaps no label placed
  // before it; where none is free (many actions within a few seconds) the line stands alone, its action
  // still listed under "What was done". What it drew last is kept on the chart (u.markers: every line,
  // with its label's row and span, or null), so that a test can ask.
  function markers() {
    return { hooks: { draw: [function (u) {
      var ctx = u.ctx, ratio = uPlot.pxRatio || 1, left = u.bbox.left, right = left + u.bbox.width;
      var top = u.bbox.top, bottom = top + u.bbox.height, drawn = [], rows = [[], [], []], gap = 4 * ratio;
      events.forEach(function (e) {
        var x = Math.round(u.valToPos(e.millis / 1000, "x", true));
        if (!(x >= left && x <= right)) { return; }
        ctx.save();
        ctx.strokeStyle = colourOf(e.kind);
        ctx.lineWidth = 1.5 * ratio;
        ctx.setLineDash([5 * ratio, 4 * ratio]);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.stroke();
        ctx.restore();
        drawn.push({ kind: e.kind, text: e.text, x: x, label: null });
      });
      if (u.height > 120) {
        ctx.save();
        ctx.font = (11 * ratio) + "px system-ui, sans-serif";
        ctx.textAlign = "left"; // uPlot leaves the context as its last axis had it (right-aligned)
        ctx.textBaseline = "alphabetic";
        drawn.slice().reverse().forEach(function (m) {
          var width = ctx.measureText(m.text).width;
          var tx = m.x + 3 * ratio + width > right ? m.x - 3 * ratio - width : m.x + 3 * ratio;
          tx = Math.max(left, tx);
          for (var r = 0; r < rows.length; r++) {
            var free = rows[r].every(function (span) { return tx + width + gap <= span[0] || tx >= span[1] + gap; });
            if (free) {
              rows[r].push([tx, tx + width]);
              ctx.fillStyle = colourOf(m.kind);
              ctx.fillText(m.text, tx, top + (12 + 13 * r) * ratio);
              m.label = { row: r, from: tx / ratio, to: (tx + width) / ratio };
              return;
            }
          }
        });
        ctx.restore();
      }
      u.markers = drawn;
    }] } };
  }

  var width = function (el) { return Math.max(300, el.clientWidth || 500); };

  // Time labels on one line: "6:53" on the minute, ":15" between (uPlot's default puts the date and
  // hour on a second line, where two of them can run into each other).
  function timeLabels(u, splits) {
    return splits.map(function (s) {
      if (s == null) { return ""; }
      var d = new Date(s * 1000), sec = d.getSeconds(), min = d.getMinutes();
      var mm = (min < 10 ? "0" : "") + min, ss = (sec < 10 ? "0" : "") + sec;
      return sec === 0 ? d.getHours() + ":" + mm : ":" + ss;
    });
  }

  // y: "log" for latency (a 1,000 ms spike must not flatten p50), else linear from 0.
  function chart(id, series, options) {
    var el = document.getElementById(id);
    if (!el || typeof uPlot === "undefined") { return null; }
    options = options || {};
    var spark = el.classList.contains("spark");
    var y = options.log ? { distr: 3, log: 10 } : { range: function (u, min, max) { return [0, nice(Math.max(max || 0, options.min || 1))]; } };
    var opts = { width: width(el), height: spark ? 120 : 220, series: [{}].concat(series),
      axes: [{ values: timeLabels }, { size: 55, values: options.log ? logLabels : undefined }],
      scales: { x: { time: true }, y: y }, plugins: [markers()] };
    if (spark) {
      opts.legend = { show: false };
      opts.axes = [{ size: 28, font: "10px system-ui, sans-serif", values: timeLabels },
        { size: 45, font: "10px system-ui, sans-serif" }];
    }
    return new uPlot(opts, [[]].concat(series.map(function () { return []; })), el);
  }

  // The next of 1, 2, 5 times a power of ten at or above v, so that the top of a linear axis is labelled.
  function nice(v) {
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    return [1, 2, 5, 10].map(function (m) { return m * p; }).filter(function (n) { return n >= v; })[0];
  }

  function logLabels(u, splits) {
    return splits.map(function (v) { return v == null ? "" : v >= 1 ? String(Math.round(v)) : String(+v.toPrecision(2)); });
  }

  var plots = {};
  plots.throughput = chart("chart-throughput", [
    { label: "get", stroke: "#4e79a7" }, { label: "put", stroke: "#f28e2b" }, { label: "delete", stroke: "#b07aa1" },
    { label: "failed", stroke: "#e15759", dash: [4, 4] }]);
  ["get", "put"].forEach(function (op) {
    plots[op] = chart("chart-" + op, [
      { label: "p50", stroke: "#59a14f" }, { label: "p99", stroke: "#f28e2b" }, { label: "p99.9", stroke: "#e15759" }],
      { log: true });
  });
  plots.reads = chart("chart-reads", [{ label: "one version, %", stroke: "#4e79a7" }],
    { min: 100 });
  plots.hints = chart("chart-hints", [{ label: "hints held", stroke: "#f28e2b", fill: "#f28e2b22" }]);
  plots.transfers = chart("chart-transfers", [{ label: "partitions to move", stroke: "#1f77b4", fill: "#1f77b422" }]);
  window.clusterCharts = plots;

  function sum(a, b) { return a.map(function (v, i) { return v + b[i]; }); }
  // A second without a request has no latency: a gap, not a zero (which a log scale cannot draw).
  function gaps(values) { return values.map(function (v) { return v > 0 ? v : null; }); }
  function set(name, data) { if (plots[name]) { plots[name].setData(data); } }
  function text(id, value) { var el = document.getElementById(id); if (el) { el.textContent = value; } }
  function share(d) { var reads = d.one + d.two + d.three + d.fourOrMore; return reads ? 100 * d.one / reads : 100; }

  function update(d) {
    events = d.events || [];
    var ops = d.operations;
    var failed = sum(sum(ops.get.failures, ops.put.failures), ops["delete"].failures);
    set("throughput", [d.time, ops.get.ops, ops.put.ops, ops["delete"].ops, failed]);
    ["get", "put"].forEach(function (op) {
      set(op, [d.time, gaps(ops[op].p50), gaps(ops[op].p99), gaps(ops[op].p999)]);
    });
    set("reads", [d.time, d.reads.found.map(function (n, i) { return n ? 100 * d.reads.oneVersion[i] / n : null; })]);
    set("hints", [d.background.time, d.background.hints]);
    set("transfers", [d.background.time, d.background.transfers]);

    var v = d.divergence, reads = v.one + v.two + v.three + v.fourOrMore;
    [["1", v.one], ["2", v.two], ["3", v.three], ["4", v.fourOrMore]].forEach(function (p) {
      text("div-" + p[0], p[1]);
      var bar = document.getElementById("div-" + p[0] + "-bar");
      if (bar) { bar.style.width = (reads ? Math.max(0.2, 100 * p[1] / reads) : 0) + "%"; }
    });
    text("div-share", share(v).toFixed(2) + "%");
    text("div-reads", reads);
    var s = d.sinceStart;
    text("div-since", share(s).toFixed(2) + "%");
    text("div-since-reads", s.one + s.two + s.three + s.fourOrMore);
    listEvents();
  }

  // The actions taken, oldest first: the page's story in words, beside the markers.
  function listEvents() {
    var list = document.getElementById("events");
    if (!list || events.length === 0) { return; }
    var shown = events.slice(-16);
    if (list.dataset.shown === String(shown.length) + "@" + shown[shown.length - 1].millis) { return; }
    list.dataset.shown = String(shown.length) + "@" + shown[shown.length - 1].millis;
    list.innerHTML = "";
    shown.forEach(function (e) {
      var li = document.createElement("li");
      li.dataset.kind = e.kind;
      var time = document.createElement("time");
      time.textContent = new Date(e.millis).toLocaleTimeString([], { hour12: false });
      var mark = document.createElement("span");
      mark.className = "mark";
      mark.style.borderColor = colourOf(e.kind);
      mark.textContent = e.text;
      li.appendChild(time);
      li.appendChild(mark);
      list.appendChild(li);
    });
  }

  function poll() {
    fetch("/cluster/metrics.json", { cache: "no-store" }).then(function (r) { return r.json(); })
      .then(update).catch(function () { /* the next second tries again */ });
  }

  // The ring and the node table come from one snapshot, so they always show the same ring version.
  function refreshCluster() {
    fetch("/cluster/nodes", { cache: "no-store" }).then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        // The partition form's nodes follow joins and leaves, keeping what the user ticked.
        var ticked = Array.prototype.map.call(document.querySelectorAll("#partition-sides input:checked"),
          function (box) { return box.value; });
        Array.prototype.forEach.call(fresh.querySelectorAll("#partition-sides input"), function (box) {
          if (ticked.indexOf(box.value) >= 0) { box.setAttribute("checked", ""); }
        });
        ["ring", "node-table", "partition-sides"].forEach(function (id) {
          var now = document.getElementById(id), next = fresh.getElementById(id);
          if (now && next) { now.replaceWith(document.importNode(next, true)); }
        });
      }).catch(function () { });
  }
  poll();
  setInterval(poll, 1000);
  setInterval(refreshCluster, 2000);
}());
