// The cluster page's live parts: charts every second, the node table every two.
(function () {
  "use strict";
  var width = function (el) { return Math.max(300, el.clientWidth || 500); };
  function chart(id, series) {
    var el = document.getElementById(id);
    if (!el || typeof uPlot === "undefined") { return null; }
    var opts = { width: width(el), height: 200, series: [{}].concat(series),
      axes: [{}, { size: 50 }], scales: { x: { time: true } } };
    return { plot: new uPlot(opts, [[]].concat(series.map(function () { return []; })), el) };
  }
  var colours = { p50: "#59a14f", p99: "#f28e2b", p999: "#e15759" };
  var throughput = chart("chart-throughput", [
    { label: "get", stroke: "#4e79a7" }, { label: "put", stroke: "#f28e2b" }, { label: "delete", stroke: "#b07aa1" },
    { label: "failed", stroke: "#e15759", dash: [4, 4] }]);
  var latency = {};
  ["get", "put"].forEach(function (op) {
    latency[op] = chart("chart-" + op, [
      { label: "p50", stroke: colours.p50 }, { label: "p99", stroke: colours.p99 }, { label: "p99.9", stroke: colours.p999 }]);
  });
  function sum(a, b) { return a.map(function (v, i) { return v + b[i]; }); }
  function update(d) {
    var ops = d.operations;
    if (throughput) {
      var failed = sum(sum(ops.get.failures, ops.put.failures), ops["delete"].failures);
      throughput.plot.setData([d.time, ops.get.ops, ops.put.ops, ops["delete"].ops, failed]);
    }
    Object.keys(latency).forEach(function (op) {
      if (latency[op]) { latency[op].plot.setData([d.time, ops[op].p50, ops[op].p99, ops[op].p999]); }
    });
    var v = d.divergence, reads = v.one + v.two + v.three + v.fourOrMore;
    [["1", v.one], ["2", v.two], ["3", v.three], ["4", v.fourOrMore]].forEach(function (p) {
      var cell = document.getElementById("div-" + p[0]);
      var bar = document.getElementById("div-" + p[0] + "-bar");
      if (cell) { cell.textContent = p[1]; }
      if (bar) { bar.style.width = (reads ? Math.max(0.2, 100 * p[1] / reads) : 0) + "%"; }
    });
    var share = document.getElementById("div-share");
    if (share) { share.textContent = (reads ? (100 * v.one / reads) : 100).toFixed(2) + "%"; }
  }
  function poll() {
    fetch("/cluster/metrics.json", { cache: "no-store" }).then(function (r) { return r.json(); })
      .then(update).catch(function () { /* the next second tries again */ });
  }
  function refreshNodes() {
    fetch("/cluster/nodes", { cache: "no-store" }).then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        var box = document.getElementById("node-table");
        if (html && box) { box.innerHTML = html; }
      }).catch(function () { });
  }
  poll();
  setInterval(poll, 1000);
  setInterval(refreshNodes, 2000);
}());
