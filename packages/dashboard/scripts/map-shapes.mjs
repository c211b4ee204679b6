// Build-time map: projects the outbreak's countries from Natural Earth (world-atlas
// TopoJSON, 1:50m) into SVG path strings once, so the browser ships a few KB of
// paths and no projection code. West Africa is the main panel (with neighbours in
// grey for context); the countries with imported cases get small inset panels.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { geoAlbersUsa, geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);

/** Country names as the HDX data spells them, keyed by ISO 3166-1 numeric id. */
const WEST_AFRICA = {
  324: 'Guinea',
  430: 'Liberia',
  694: 'Sierra Leone',
  566: 'Nigeria',
  686: 'Senegal',
  466: 'Mali',
};
const CONTEXT = [624, 270, 384, 478, 854, 288, 768, 204, 562, 120, 12, 148, 732];
const INSETS = {
  724: 'Spain',
  380: 'Italy',
  826: 'United Kingdom',
  840: 'United States of America',
};

const WIDTH = 640;
const MAIN_HEIGHT = 380;
const INSET_HEIGHT = 110;
const GAP = 8;

/** Rounds every number in an SVG path to one decimal: the map is drawn at ~600 px. */
function compact(path) {
  return (path ?? '').replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10));
}

function centroidOf(pathGen, shape) {
  const [x, y] = pathGen.centroid(shape);
  return [Math.round(x), Math.round(y)];
}

async function countriesById(file) {
  const topology = JSON.parse(await readFile(require.resolve(file), 'utf8'));
  const { features } = feature(topology, topology.objects.countries);
  return new Map(features.map((f) => [Number(f.id), f]));
}

export async function buildMapShapes() {
  const detailed = await countriesById('world-atlas/countries-50m.json');
  const coarse = await countriesById('world-atlas/countries-110m.json');
  const pick = (id, from = detailed) => {
    const f = from.get(Number(id));
    if (!f) throw new Error(`world-atlas has no country with id ${id}`);
    return f;
  };

  const affected = Object.keys(WEST_AFRICA).map((id) => pick(id));
  const projection = geoMercator().fitExtent(
    [
      [12, 12],
      [WIDTH - 12, MAIN_HEIGHT - 12],
    ],
    { type: 'FeatureCollection', features: affected },
  );
  projection.clipExtent([
    [0, 0],
    [WIDTH, MAIN_HEIGHT],
  ]);
  const mainPath = geoPath(projection);
  const regions = Object.entries(WEST_AFRICA).map(([id, name]) => {
    const f = pick(id);
    return { name, d: compact(mainPath(f)), label: centroidOf(mainPath, f) };
  });
  const context = CONTEXT.map((id) => compact(mainPath(pick(id)))).filter((d) => d.length > 0);

  const insetWidth = (WIDTH - GAP * 3) / 4;
  const insets = Object.entries(INSETS).map(([id, name], i) => {
    // Insets are ~150 px wide: the 1:110m shapes are detailed enough and much smaller.
    const f = pick(id, coarse);
    const x0 = i * (insetWidth + GAP);
    const y0 = MAIN_HEIGHT + GAP;
    const box = [
      [x0 + 6, y0 + 20],
      [x0 + insetWidth - 6, y0 + INSET_HEIGHT - 6],
    ];
    // The USA: the Albers composite keeps Alaska and Hawaii small beside the lower 48.
    const proj = name === 'United States of America' ? geoAlbersUsa() : geoMercator();
    proj.fitExtent(box, f);
    const path = geoPath(proj);
    return {
      name,
      d: compact(path(f)),
      box: [x0, y0, insetWidth, INSET_HEIGHT],
    };
  });
  return {
    width: WIDTH,
    height: MAIN_HEIGHT + GAP + INSET_HEIGHT,
    mainHeight: MAIN_HEIGHT,
    regions: [...regions, ...insets.map((s) => ({ name: s.name, d: s.d, label: null }))],
    insets: insets.map((s) => ({ name: s.name, box: s.box })),
    context,
    attribution: 'Natural Earth 1:50m via world-atlas',
  };
}
