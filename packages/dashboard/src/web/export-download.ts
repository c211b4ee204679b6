// "Download CSV / PNG / SVG" in the browser (loaded on first use): the map's SVG from
// its shapes on screen, the PNG drawn from the SVG at 2×, and the file to save.
import { formatDate } from './chart-data.js';
import { escapeXml, framedSvg, LIGHT } from './chart-svg.js';
import { chartExportSvg, type ExportContext, exportCsv, exportName, frameOf } from './export-files.js';

export interface ExportedFile {
  name: string;
  blob: Blob;
}

/** The map on screen as a light SVG: its shapes with their fills, the legend, and the frame. */
function mapSvg(ctx: ExportContext): string {
  const response = ctx.map;
  const svg = document.querySelector<SVGSVGElement>('#map-panel svg.map-svg');
  if (!response || !svg) throw new Error('the map is not drawn yet');
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 600 400').split(' ').map(Number);
  const width = 1000;
  const scale = (width - 32) / (w ?? 600);
  const mapHeight = (h ?? 400) * scale;
  const shapes: string[] = [];
  for (const node of svg.querySelectorAll<SVGElement>('path, text, rect')) {
    const cls = node.getAttribute('class') ?? '';
    const fill = cls.includes('map-country')
      ? node.style.fill || '#eceff2'
      : cls.includes('map-context')
        ? '#f3f4f6'
        : cls.includes('map-inset')
          ? 'none'
          : LIGHT.text;
    const attrs = [...node.attributes]
      .filter((a) => ['d', 'x', 'y', 'width', 'height', 'rx'].includes(a.name))
      .map((a) => `${a.name}="${escapeXml(a.value)}"`)
      .join(' ');
    const stroke =
      node.tagName === 'text'
        ? ''
        : ` stroke="${cls.includes('map-inset') ? '#d5dae0' : '#ffffff'}" stroke-width="0.8"`;
    const font = node.tagName === 'text' ? ' font-size="11" text-anchor="middle"' : '';
    shapes.push(
      `<${node.tagName} ${attrs} fill="${fill}"${stroke}${font}>${node.tagName === 'text' ? escapeXml(node.textContent ?? '') : ''}</${node.tagName}>`,
    );
  }
  const legend = [...document.querySelectorAll<HTMLElement>('#map-panel .map-legend-item')].map((item, i) => {
    const swatch = item.querySelector<HTMLElement>('.map-swatch');
    const colour = swatch?.classList.contains('map-none') ? '#eceff2' : (swatch?.style.background ?? '#ccc');
    const x = 16 + i * 120;
    return (
      `<rect x="${x}" y="${mapHeight + 14}" width="18" height="12" fill="${colour}" stroke="#d5dae0"/>` +
      `<text x="${x + 24}" y="${mapHeight + 24}" font-size="12" fill="${LIGHT.text}">${escapeXml(item.textContent ?? '')}</text>`
    );
  });
  const body = `<g transform="translate(16 0) scale(${scale.toFixed(4)})">${shapes.join('')}</g>${legend.join('')}`;
  return framedSvg(
    frameOf(ctx, response, `By country, ${formatDate(ctx.mapDate)}`),
    body,
    mapHeight + 40,
    width,
  );
}

export function exportSvg(ctx: ExportContext): string {
  return ctx.view === 'map' ? mapSvg(ctx) : chartExportSvg(ctx);
}

/** An SVG document drawn at `scale`× into a PNG. */
async function rasterise(svg: string, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw a canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('could not encode the PNG'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportFile(kind: 'csv' | 'png' | 'svg', ctx: ExportContext): Promise<ExportedFile> {
  const name = exportName(ctx, kind);
  if (kind === 'csv') return { name, blob: new Blob([exportCsv(ctx)], { type: 'text/csv;charset=utf-8' }) };
  const svg = exportSvg(ctx);
  if (kind === 'svg') return { name, blob: new Blob([svg], { type: 'image/svg+xml' }) };
  return { name, blob: await rasterise(svg, 2) };
}
