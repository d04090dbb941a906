/**
 * Small inline SVG charts: the report is one file that opens anywhere, with no script and no
 * network. Each function returns an <svg> element as a string; labels are escaped.
 */
export const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const W = 720;
const H = 260;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };
const fmt = (v: number) =>
  Math.abs(v) >= 1000 ? `${+(v / 1000).toFixed(v >= 10000 ? 1 : 2)}k` : `${+v.toFixed(2)}`;

function frame(body: string, height = H, label = "chart"): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${esc(label)}" font-family="system-ui, sans-serif" font-size="11">${body}</svg>`;
}

/**
 * The top of a value axis with four round steps (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6 or 7.5 times a
 * power of ten) at or above `max`: 4,383 customers get ticks 0, 1.25k, 2.5k, 3.75k, 5k instead of
 * 1,095.75 apart.
 */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 10].map((m) => m * magnitude).find((m) => m >= raw - 1e-9) ??
    10 * magnitude;
  return step * 4;
}

function yAxis(max: number, height: number, percent = false): string {
  const inner = height - PAD.top - PAD.bottom;
  let out = "";
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    const y = PAD.top + inner - (inner * k) / 4;
    out += `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`;
    out += `<text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" fill="#555">${percent ? `${Math.round(v * 100)} %` : fmt(v)}</text>`;
  }
  return out;
}

export interface Series {
  name: string;
  color: string;
}

/** Stacked columns: one column per label, one segment per series. */
export function stackedBars(
  labels: readonly string[],
  series: readonly Series[],
  values: readonly number[][],
): string {
  const totals = labels.map((_, i) => series.reduce((s, _x, k) => s + (values[k]?.[i] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const inner = H - PAD.top - PAD.bottom;
  // A few columns stay column-wide, not page-wide.
  const slot = Math.min(90, (W - PAD.left - PAD.right) / Math.max(1, labels.length));
  let body = yAxis(max, H);
  labels.forEach((label, i) => {
    let y = PAD.top + inner;
    series.forEach((s, k) => {
      const h = ((values[k]?.[i] ?? 0) / max) * inner;
      y -= h;
      if (h > 0)
        body += `<rect x="${PAD.left + i * slot + slot * 0.1}" y="${y}" width="${slot * 0.8}" height="${h}" fill="${s.color}"><title>${esc(`${label} ${s.name}: ${values[k]?.[i] ?? 0}`)}</title></rect>`;
    });
    const every = Math.ceil(labels.length / 12);
    if (i % every === 0)
      body += `<text x="${PAD.left + i * slot + slot / 2}" y="${H - PAD.bottom + 14}" text-anchor="middle" fill="#555">${esc(label)}</text>`;
  });
  body += legend(series, H - 10);
  return frame(body, H, "stacked bars");
}

function legend(series: readonly Series[], y: number): string {
  return series
    .map(
      (s, k) =>
        `<rect x="${PAD.left + k * 110}" y="${y - 9}" width="10" height="10" fill="${s.color}"/><text x="${PAD.left + k * 110 + 14}" y="${y}" fill="#333">${esc(s.name)}</text>`,
    )
    .join("");
}

/** Simple columns with a value label on each. */
export function bars(items: readonly { label: string; value: number }[], color = "#2563eb"): string {
  const max = niceMax(Math.max(1, ...items.map((i) => i.value)));
  const inner = H - PAD.top - PAD.bottom;
  const slot = Math.min(90, (W - PAD.left - PAD.right) / Math.max(1, items.length));
  let body = yAxis(max, H);
  items.forEach((item, i) => {
    const h = (Math.max(0, item.value) / max) * inner;
    const x = PAD.left + i * slot + slot * 0.15;
    body += `<rect x="${x}" y="${PAD.top + inner - h}" width="${slot * 0.7}" height="${h}" fill="${color}"><title>${esc(`${item.label}: ${item.value}`)}</title></rect>`;
    body += `<text x="${x + slot * 0.35}" y="${PAD.top + inner - h - 4}" text-anchor="middle" fill="#111">${fmt(item.value)}</text>`;
    body += `<text x="${x + slot * 0.35}" y="${H - PAD.bottom + 14}" text-anchor="middle" fill="#555">${esc(item.label)}</text>`;
  });
  return frame(body, H, "bars");
}

/** A 5 x 5 heat map: rows recency 5 (top) to 1, columns frequency 1 to 5. */
export function heatmap(
  cells: readonly (readonly number[])[],
  title: (r: number, f: number) => string,
): string {
  const size = 56;
  const left = 90;
  const top = 20;
  const max = Math.max(1, ...cells.flat());
  let body = "";
  for (let r = 5; r >= 1; r--) {
    const row = 5 - r;
    body += `<text x="${left - 8}" y="${top + row * size + size / 2 + 4}" text-anchor="end" fill="#555">R ${r}</text>`;
    for (let f = 1; f <= 5; f++) {
      const n = cells[r - 1]?.[f - 1] ?? 0;
      const shade = n === 0 ? 0 : 0.12 + (0.88 * n) / max;
      const x = left + (f - 1) * size;
      const y = top + row * size;
      body += `<rect x="${x}" y="${y}" width="${size - 2}" height="${size - 2}" fill="rgba(220, 38, 38, ${shade.toFixed(3)})" stroke="#ddd"><title>${esc(title(r, f))}</title></rect>`;
      body += `<text x="${x + size / 2 - 1}" y="${y + size / 2 + 4}" text-anchor="middle" fill="${shade > 0.55 ? "#fff" : "#111"}">${n}</text>`;
    }
  }
  for (let f = 1; f <= 5; f++)
    body += `<text x="${left + (f - 1) * size + size / 2}" y="${top + 5 * size + 16}" text-anchor="middle" fill="#555">F ${f}</text>`;
  body += `<text x="${left + 2.5 * size}" y="${top + 5 * size + 32}" text-anchor="middle" fill="#333">frequency score (5 = most orders) · rows: recency score (5 = most recent)</text>`;
  return frame(body, top + 5 * size + 44, "RFM heat map");
}

/** A line through (x, y) points in [0, 1] x [0, 1], with the diagonal and reference lines. */
export function shareCurve(
  points: readonly { x: number; y: number }[],
  marks: readonly number[] = [],
): string {
  const inner = { w: W - PAD.left - PAD.right, h: H - PAD.top - PAD.bottom };
  const px = (x: number) => PAD.left + x * inner.w;
  const py = (y: number) => PAD.top + inner.h - y * inner.h;
  let body = yAxis(1, H, true);
  body += `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#9ca3af" stroke-dasharray="4 4"/>`;
  for (const m of marks)
    body += `<line x1="${px(0)}" x2="${px(1)}" y1="${py(m)}" y2="${py(m)}" stroke="#f59e0b" stroke-dasharray="2 3"/><text x="${px(0) + 6}" y="${py(m) - 4}" fill="#b45309">${Math.round(m * 100)} % of revenue</text>`;
  body += `<polyline fill="none" stroke="#2563eb" stroke-width="2" points="${points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ")}"/>`;
  for (let k = 0; k <= 4; k++)
    body += `<text x="${px(k / 4)}" y="${H - PAD.bottom + 14}" text-anchor="middle" fill="#555">${k * 25} %</text>`;
  body += `<text x="${px(0.5)}" y="${H - 8}" text-anchor="middle" fill="#333">share of customers, best first</text>`;
  return frame(body, H, "ABC curve");
}

/** Two means with their 95 % intervals (error bars): treatment vs control. */
export function meansWithIntervals(
  items: readonly { label: string; mean: number; low: number; high: number; color: string }[],
): string {
  const height = 200;
  const max = niceMax(Math.max(1, ...items.map((i) => Math.max(i.high, i.mean))));
  const inner = height - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + inner - (Math.max(0, v) / max) * inner;
  const slot = 160;
  let body = yAxis(max, height);
  items.forEach((item, i) => {
    const x = PAD.left + 40 + i * slot;
    body += `<rect x="${x}" y="${y(item.mean)}" width="80" height="${PAD.top + inner - y(item.mean)}" fill="${item.color}"/>`;
    body += `<line x1="${x + 40}" x2="${x + 40}" y1="${y(item.low)}" y2="${y(item.high)}" stroke="#111" stroke-width="1.5"/>`;
    body += `<line x1="${x + 30}" x2="${x + 50}" y1="${y(item.high)}" y2="${y(item.high)}" stroke="#111"/><line x1="${x + 30}" x2="${x + 50}" y1="${y(item.low)}" y2="${y(item.low)}" stroke="#111"/>`;
    body += `<text x="${x + 40}" y="${height - PAD.bottom + 14}" text-anchor="middle" fill="#555">${esc(item.label)}</text>`;
    body += `<text x="${x + 92}" y="${y(item.mean) + 4}" fill="#111">${fmt(item.mean)}</text>`;
  });
  return frame(body, height, "treatment vs control");
}
