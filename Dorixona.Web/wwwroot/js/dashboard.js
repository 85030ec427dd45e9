// Admin dashboard: draws each <canvas data-chart='{"type","labels","datasets"}'> with Chart.js. Without JavaScript (or
// Chart.js) the canvases stay hidden and the tables beside them carry the same numbers. On small screens the tables fold
// into their <details> once a chart is drawn.
(function () {
    'use strict';
    var palette = ['#0d6efd', '#198754', '#fd7e14', '#6f42c1', '#dc3545', '#20c997', '#ffc107', '#0dcaf0', '#6c757d', '#d63384', '#adb5bd'];

    function config(spec) {
        var multi = spec.datasets.length > 1;
        var round = spec.type === 'doughnut';
        var cfg = {
            type: spec.type,
            data: {
                labels: spec.labels,
                datasets: spec.datasets.map(function (d, i) {
                    return {
                        label: d.label, data: d.data,
                        backgroundColor: round ? palette.slice(0, d.data.length) : palette[i % palette.length],
                        borderColor: round ? '#fff' : palette[i % palette.length],
                        tension: 0.2
                    };
                })
            },
            options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: multi || round } } }
        };
        if (spec.indexAxis) cfg.options.indexAxis = spec.indexAxis;
        if (spec.type === 'line' && multi) {
            cfg.data.datasets[1].yAxisID = 'y1';
            cfg.options.scales = { y: { beginAtZero: true }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } };
        }
        return cfg;
    }

    function draw() {
        if (!window.Chart) return;
        var small = window.matchMedia && window.matchMedia('(max-width: 575.98px)').matches;
        document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
            var spec;
            try { spec = JSON.parse(canvas.getAttribute('data-chart')); } catch (e) { return; }
            var box = canvas.closest('[data-chart-box]');
            if (box) box.hidden = false;
            var old = window.Chart.getChart(canvas);
            if (old) old.destroy();
            new window.Chart(canvas, config(spec));
            canvas.setAttribute('data-drawn', '1');
            var numbers = canvas.closest('.dash-panel') && canvas.closest('.dash-panel').querySelector('details.dash-numbers');
            if (numbers && small) numbers.open = false;
        });
    }

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
    else draw();
})();
