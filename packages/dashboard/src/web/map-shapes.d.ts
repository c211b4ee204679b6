// The projected map, generated at build time by scripts/map-shapes.mjs (esbuild plugin).
declare module 'virtual:map-shapes' {
  export interface MapRegion {
    /** Country name as the HDX data spells it. */
    name: string;
    /** SVG path in the map's pixel space. */
    d: string;
    /** Where to put the label (main panel only). */
    label: [number, number] | null;
  }
  export interface MapShapes {
    width: number;
    height: number;
    mainHeight: number;
    regions: MapRegion[];
    insets: { name: string; box: [number, number, number, number] }[];
    context: string[];
    attribution: string;
  }
  const shapes: MapShapes;
  export default shapes;
}
