// Draws the dashboard's trend from the JSON the page embeds; the table under
// the chart carries the same figures for screen readers and without JavaScript.
(function () {
  "use strict";
  // On a phone the default legend (40 px swatches, wide gaps) takes three lines
  // of a short chart: small round swatches and tighter gaps keep it to two.
  function legend(width) {
    var narrow = width < 576;
    return {
      labels: {
        usePointStyle: narrow,
        boxWidth: narrow ? 8 : 40,
        boxHeight: narrow ? 8 : 12,
        padding: narrow ? 6 : 10,
        font: { size: narrow ? 11 : 12 },
      },
    };
  }
  function draw() {
    var holder = document.querySelector("[data-chart]");
    var source = holder && document.getElementById(holder.dataset.chart);
    if (!holder || !source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    holder.hidden = false;
    new window.Chart(document.getElementById("trend-chart"), {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return { label: series.label, data: series.data, tension: 0.2 };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: legend(holder.clientWidth) },
        onResize: function (chart, size) {
          chart.options.plugins.legend = legend(size.width);
        },
      },
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
