// "Download PNG": the chart's canvases composed into one image with its title,
// subtitle and a legend, on the page's background colour.
import type uPlot from 'uplot';
import type { SeriesResponse } from '../core/api-types.js';
import { theme } from './chart-theme.js';
import type { ChartOptions } from './series-chart.js';

/** The chart as a PNG: title, plots and a legend on the page's background. */
export async function chartPng(
  plots: uPlot[],
  drawn: { response: SeriesResponse; options: ChartOptions } | null,
  title: string,
  subtitle: string,
): Promise<Blob> {
  const dpr = devicePixelRatio || 1;
  const canvases = plots.map((p) => p.ctx.canvas);
  if (canvases.length === 0) throw new Error('there is no chart to export yet');
  const columns = drawn?.options.multiples ? Math.min(2, canvases.length) : 1;
  const cellW = Math.max(...canvases.map((c) => c.width));
  const cellH = Math.max(...canvases.map((c) => c.height));
  const headerH = Math.round(64 * dpr);
  const labelH = drawn?.options.multiples ? Math.round(22 * dpr) : 0;
  const legendH = Math.round(36 * dpr);
  const rows = Math.ceil(canvases.length / columns);
  const out = document.createElement('canvas');
  out.width = cellW * columns;
  out.height = headerH + rows * (cellH + labelH) + legendH;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw a canvas');
  const t = theme();
  const text = getComputedStyle(document.documentElement).getPropertyValue('--text').trim() || '#111';
  ctx.fillStyle = t.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = text;
  ctx.font = `600 ${18 * dpr}px system-ui, sans-serif`;
  ctx.fillText(title, 12 * dpr, 26 * dpr);
  ctx.fillStyle = t.text;
  ctx.font = `${13 * dpr}px system-ui, sans-serif`;
  ctx.fillText(subtitle, 12 * dpr, 48 * dpr);
  canvases.forEach((c, i) => {
    const x = (i % columns) * cellW;
    const y = headerH + Math.floor(i / columns) * (cellH + labelH);
    if (labelH > 0) {
      ctx.fillStyle = text;
      ctx.font = `600 ${13 * dpr}px system-ui, sans-serif`;
      ctx.fillText(drawn?.response.series[i]?.country ?? '', x + 12 * dpr, y + 16 * dpr);
    }
    ctx.drawImage(c, x, y + labelH);
  });
  let lx = 12 * dpr;
  const ly = out.height - legendH / 2;
  ctx.font = `${13 * dpr}px system-ui, sans-serif`;
  for (const trace of drawn?.response.series ?? []) {
    ctx.fillStyle = drawn?.options.colourOf(trace.country) ?? '#888';
    ctx.fillRect(lx, ly - 5 * dpr, 14 * dpr, 4 * dpr);
    ctx.fillStyle = text;
    ctx.fillText(trace.country, lx + 20 * dpr, ly);
    lx += ctx.measureText(trace.country).width + 40 * dpr;
  }
  return new Promise((resolve, reject) =>
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode the PNG'))), 'image/png'),
  );
}
