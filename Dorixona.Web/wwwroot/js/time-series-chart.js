// The admin dashboard's time series: one Chart.js line chart per canvas. The server sends a chart's whole data once per
// change (draw); hovering and tooltips then stay in the browser, with no round trip per point.
import '../lib/chart.js/chart.umd.min.js';

const group = value => Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

function format(value, line, unit) {
    if (value === null || value === undefined) return '—';
    return line && line.money ? group(value) + ' ' + unit : group(value);
}

function config(spec) {
    const many = spec.labels.length > 60;
    const scales = { x: { ticks: { autoSkip: true, maxRotation: 0, callback: (v, i) => spec.labels[i].slice(0, 5) }, grid: { display: false } } };
    spec.lines.forEach((line, i) => {
        const axis = i === 0 ? 'y' : 'y' + i;
        scales[axis] = {
            position: i === 0 ? 'left' : 'right', beginAtZero: true, grid: { drawOnChartArea: i === 0 },
            ticks: { maxTicksLimit: 5, callback: v => format(v, line, spec.unit), precision: 0 },
        };
    });
    return {
        type: 'line',
        data: {
            labels: spec.labels,
            datasets: spec.lines.map((line, i) => ({
                label: line.label, data: line.data, yAxisID: i === 0 ? 'y' : 'y' + i,
                borderColor: line.color, backgroundColor: line.color, borderWidth: 2,
                pointRadius: many ? 0 : 2, pointHoverRadius: 4, tension: 0.2, spanGaps: true,
            })),
        },
        options: {
            responsive: true, maintainAspectRatio: false, animation: false, normalized: true,
            interaction: { mode: 'index', intersect: false },
            plugins: {
                legend: { position: 'bottom', labels: { boxWidth: 12 } },
                tooltip: { callbacks: { label: c => c.dataset.label + ': ' + format(c.parsed.y, spec.lines[c.datasetIndex], spec.unit) } },
            },
            scales,
        },
    };
}

export function draw(canvas, spec) {
    const Chart = globalThis.Chart;
    if (!Chart || !canvas) return false;
    const old = Chart.getChart(canvas);
    if (old) {
        // Same shape: swap the data and redraw without animation rather than rebuilding the chart.
        const fresh = config(spec);
        old.data = fresh.data;
        old.options = fresh.options;
        old.update('none');
    } else {
        new Chart(canvas, config(spec));
    }
    canvas.setAttribute('data-drawn', String(spec.labels.length));
    return true;
}

export function dispose(canvas) {
    const chart = globalThis.Chart && canvas ? globalThis.Chart.getChart(canvas) : null;
    if (chart) chart.destroy();
}
