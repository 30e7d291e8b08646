/*
 * Histogram: the latency of the successful calls as SVG bars, one per bucket of result.json's latencyHistogram,
 * with p50, p90 and p99 marked.
 */
const Histogram = (() => {
  const { s, ms, plural } = Util;
  const W = 560, H = 220, L = 44, R = 12, T = 18, B = 34;   // size and margins (px)
  const PLOT_W = W - L - R, PLOT_H = H - T - B;

  const axes = (chart, max) => {
    chart.appendChild(s('line', { class: 'axis', x1: L, y1: T + PLOT_H, x2: L + PLOT_W, y2: T + PLOT_H }));
    chart.appendChild(s('line', { class: 'axis', x1: L, y1: T, x2: L, y2: T + PLOT_H }));
    chart.appendChild(s('text', { class: 'tick', x: L - 6, y: T + 4, 'text-anchor': 'end' }, max));
    chart.appendChild(s('text', { class: 'tick', x: L - 6, y: T + PLOT_H, 'text-anchor': 'end' }, 0));
    chart.appendChild(s('text', { class: 'tick', x: 12, y: T + PLOT_H / 2, transform: `rotate(-90 12 ${T + PLOT_H / 2})`, 'text-anchor': 'middle' }, 'calls'));
  };

  const render = (sc) => {
    const buckets = sc.latencyHistogram || [];
    const st = sc.statistics;
    const chart = s('svg', { class: 'histogram', testid: 'latency-histogram', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
    chart.appendChild(s('title', 'Latency histogram: calls per latency bucket'));
    if (!buckets.length) {
      chart.appendChild(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'tick' }, 'no successful call'));
      return chart;
    }
    const max = Math.max(...buckets.map((b) => b.count)) || 1;
    const top = buckets[buckets.length - 1].toMs;
    const bw = PLOT_W / buckets.length;
    const x = (value) => L + (value / top) * PLOT_W;
    axes(chart, max);
    buckets.forEach((b, i) => {
      const bh = (b.count / max) * PLOT_H;
      const bar = s('rect', { class: 'bar', x: L + i * bw + 1, y: T + PLOT_H - bh, width: Math.max(1, bw - 2), height: Math.max(b.count ? 1 : 0, bh) });
      bar.appendChild(s('title', `${b.fromMs}\u2013${b.toMs} ms: ${plural(b.count, 'call')}`));
      chart.appendChild(bar);
    });
    const step = Math.max(1, Math.ceil(buckets.length / 6));
    for (let i = 0; i <= buckets.length; i += step) {
      const edge = i < buckets.length ? buckets[i].fromMs : top;
      chart.appendChild(s('text', { class: 'tick', x: L + i * bw, y: T + PLOT_H + 14, 'text-anchor': 'middle' }, edge));
    }
    chart.appendChild(s('text', { class: 'tick', x: L + PLOT_W, y: H - 4, 'text-anchor': 'end' }, 'latency (ms)'));
    [['p50', st.latencyP50Ms], ['p90', st.latencyP90Ms], ['p99', st.latencyP99Ms]].forEach(([name, value], n) => {
      if (!(value > 0) || value > top) return;
      chart.appendChild(s('line', { class: `pct ${name}`, x1: x(value), y1: T, x2: x(value), y2: T + PLOT_H }));
      chart.appendChild(s('text', { class: 'pct-label tick', x: x(value) + 3, y: T + 10 + n * 11 }, `${name} ${ms(value)}`));
    });
    return chart;
  };

  return Object.freeze({ render });
})();
