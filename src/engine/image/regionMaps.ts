import type { RgbaImage } from './image';

/**
 * Colour-coded region maps (neural doodles, Champandard 2016): each colour of a map marks a kind
 * of region (sky, water, trees). Maps are drawn by hand, saved as JPEG or anti-aliased, and the
 * same kind of region may be a slightly different colour in two maps, so colours are found as
 * clusters, not read exactly. Plain TypeScript: the UI uses it too.
 */

export type Rgb = readonly [number, number, number];

/** The most regions a map may have: the region painter's palette has as many colours. */
export const MAX_REGIONS = 8;

/** Colours of one map closer than this (RGB distance) are one region: JPEG noise stays well within it. */
const SAME_REGION = 40;
/** A colour in two maps pairs up within this distance: 254,0,0 and 255,51,31 are 60 apart. */
const SAME_ACROSS_MAPS = 90;
/** A region covers at least this share of its map; fewer pixels of a colour are edges or specks. */
const MIN_SHARE = 0.001;
/**
 * A region has at least this share of its pixels inside it (all 8 neighbours of its own colour).
 * The blended colours of anti-aliased or JPEG-smeared edges form thin lines and have almost none.
 */
const MIN_INSIDE = 0.25;

/** One region of a map: its colour (the mean of its pixels) and its share of the map. */
export interface MapRegion {
  colour: Rgb;
  share: number;
}

/** A map's regions, and for each pixel (row by row) the index of its region. */
export interface LabelledMap {
  width: number;
  height: number;
  regions: MapRegion[];
  labels: Uint8Array;
}

const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Index of the centre nearest to pixel `p` of `data` (RGBA). */
function nearest(data: RgbaImage['data'], p: number, centres: Rgb[]): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let k = 0; k < centres.length; k++) {
    const d = (data[p] - centres[k][0]) ** 2 + (data[p + 1] - centres[k][1]) ** 2 + (data[p + 2] - centres[k][2]) ** 2;
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Each pixel's nearest centre, and for each centre its pixels and the share of them inside it. */
function label({ width, height, data }: RgbaImage, centres: Rgb[]): { labels: Uint8Array; counts: number[]; inside: number[] } {
  const labels = new Uint8Array(width * height);
  for (let q = 0; q < labels.length; q++) labels[q] = nearest(data, q * 4, centres);
  const counts = new Array<number>(centres.length).fill(0);
  const insideCounts = new Array<number>(centres.length).fill(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const own = labels[y * width + x];
      counts[own]++;
      let inside = true;
      for (let dy = -1; dy <= 1 && inside; dy++) {
        for (let dx = -1; dx <= 1 && inside; dx++) {
          const [yy, xx] = [y + dy, x + dx];
          if (yy >= 0 && yy < height && xx >= 0 && xx < width && labels[yy * width + xx] !== own) inside = false;
        }
      }
      if (inside) insideCounts[own]++;
    }
  }
  return { labels, counts, inside: insideCounts.map((n, k) => n / Math.max(1, counts[k])) };
}

/**
 * Finds the regions of a colour-coded map: the frequent colours (binned to 8 levels a channel),
 * merged when close, refined to the mean of the pixels near each; then every pixel takes the
 * region of the nearest colour, and colours that only make thin lines (edges) are left out.
 * More than MAX_REGIONS regions is refused with the count.
 */
export function labelMap(map: RgbaImage): LabelledMap {
  const { width, height, data } = map;
  const pixels = width * height;
  const bins = new Map<number, { count: number; sum: [number, number, number] }>();
  for (let p = 0; p < data.length; p += 4) {
    const key = ((data[p] >> 3) << 10) | ((data[p + 1] >> 3) << 5) | (data[p + 2] >> 3);
    const bin = bins.get(key) ?? { count: 0, sum: [0, 0, 0] };
    bin.count++;
    bin.sum[0] += data[p];
    bin.sum[1] += data[p + 1];
    bin.sum[2] += data[p + 2];
    bins.set(key, bin);
  }
  let centres: Rgb[] = [];
  for (const { count, sum } of [...bins.values()].sort((a, b) => b.count - a.count)) {
    if (count < MIN_SHARE * pixels) break;
    const colour: Rgb = [sum[0] / count, sum[1] / count, sum[2] / count];
    if (centres.some((c) => distance(c, colour) < SAME_REGION)) continue;
    centres.push(colour);
  }
  if (centres.length === 0) centres = [[data[0], data[1], data[2]]];
  // Each centre becomes the mean of the pixels near it (edges, further away, leave it as it is).
  centres = centres.map((centre) => {
    const sum = [0, 0, 0];
    let count = 0;
    for (let p = 0; p < data.length; p += 4) {
      const pixel: Rgb = [data[p], data[p + 1], data[p + 2]];
      if (distance(pixel, centre) >= SAME_REGION / 2) continue;
      sum[0] += pixel[0];
      sum[1] += pixel[1];
      sum[2] += pixel[2];
      count++;
    }
    return count ? ([sum[0] / count, sum[1] / count, sum[2] / count] as const) : centre;
  });
  let labelled = label(map, centres);
  for (;;) {
    const { counts, inside } = labelled;
    const kept = centres.filter((_, k) => centres.length === 1 || (counts[k] >= MIN_SHARE * pixels && inside[k] >= MIN_INSIDE));
    if (kept.length === centres.length || kept.length === 0) break;
    centres = kept;
    labelled = label(map, centres);
  }
  if (centres.length > MAX_REGIONS) {
    throw new Error(`This map has ${centres.length} regions; at most ${MAX_REGIONS} are allowed. Paint it with fewer colours.`);
  }
  const { labels, counts } = labelled;
  const regions = centres.map((colour, k) => ({ colour: colour.map(Math.round) as unknown as Rgb, share: counts[k] / pixels }));
  return { width, height, regions, labels };
}

/** Region `index` of a labelled map as a mask: 1 inside, 0 outside, row by row. */
export function regionMask({ labels }: LabelledMap, index: number): Float32Array {
  return Float32Array.from(labels, (label) => (label === index ? 1 : 0));
}

/**
 * Pairs each region of the target map with the region of the nearest colour in another map
 * (a painting's), one to one, nearest pairs first; a region with no colour within
 * SAME_ACROSS_MAPS stays unpaired (undefined).
 */
export function pairRegions(target: readonly MapRegion[], other: readonly MapRegion[]): (number | undefined)[] {
  const pairs = target
    .flatMap((t, i) => other.map((o, j) => ({ i, j, d: distance(t.colour, o.colour) })))
    .filter(({ d }) => d < SAME_ACROSS_MAPS)
    .sort((a, b) => a.d - b.d);
  const paired: (number | undefined)[] = target.map(() => undefined);
  const taken = new Set<number>();
  for (const { i, j } of pairs) {
    if (paired[i] !== undefined || taken.has(j)) continue;
    paired[i] = j;
    taken.add(j);
  }
  return paired;
}

/** A colour as people read it in a sentence: rgb(254, 0, 0). */
export const colourName = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;
