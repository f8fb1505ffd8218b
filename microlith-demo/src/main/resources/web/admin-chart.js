// The admin portal's live chart: a consumer's lag and throughput over the last minutes, as inline SVG (no library).
'use strict';

function svgElement(name, attributes, text) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', name);
  Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// samples: [{time, lag, perSecond}], oldest first. Each line is scaled to its own maximum (the labels say which).
function drawConsumerChart(svg, samples) {
  const width = 600, height = 200, left = 40, right = 40, top = 12, bottom = 22;
  const shapes = [svgElement('title', {}, 'Lag (messages) and throughput (messages per second)')];
  const maxLag = Math.max(1, ...samples.map((s) => s.lag));
  const maxRate = Math.max(1, ...samples.map((s) => s.perSecond));
  const x = (i) => left + (samples.length < 2 ? 0 : i * (width - left - right) / (samples.length - 1));
  const y = (value, max) => height - bottom - (height - bottom - top) * value / max;
  shapes.push(svgElement('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#c5c9d0' }),
    svgElement('text', { x: 2, y: top + 8, class: 'legend-lag-text' }, String(maxLag)),
    svgElement('text', { x: 2, y: height - bottom }, '0'),
    svgElement('text', { x: width - right + 4, y: top + 8 }, maxRate.toFixed(1) + '/s'),
    svgElement('text', { x: width - right + 4, y: height - bottom }, '0/s'));
  if (samples.length > 0) {
    const first = new Date(samples[0].time), last = new Date(samples[samples.length - 1].time);
    shapes.push(svgElement('text', { x: left, y: height - 6 }, first.toLocaleTimeString()),
      svgElement('text', { x: width - right - 50, y: height - 6 }, last.toLocaleTimeString()));
  }
  const points = (value, max) => samples.map((s, i) => x(i).toFixed(1) + ',' + y(value(s), max).toFixed(1)).join(' ');
  shapes.push(svgElement('polyline', { class: 'lag', points: points((s) => s.lag, maxLag), 'data-samples': samples.length }),
    svgElement('polyline', { class: 'throughput', points: points((s) => s.perSecond, maxRate) }));
  svg.replaceChildren(...shapes);
}
