// The colours of region maps as the app keeps them: every pixel is exactly one region's colour (opaque)
// or unpainted (transparent), so that a map's regions are simply its colours. Plain functions, no DOM.
import { labelMap, MAX_REGIONS, type Rgb } from '../engine/image/regionMaps';
import type { RgbaImage } from '../worker/protocol';

export type { Rgb };

/**
 * The painter's colours, as neural-doodle maps use them: far apart, so that no two are taken for one
 * region. The last two stand in for those too near a loaded map's colours (MAX_REGIONS are offered).
 */
export const DEFAULT_PALETTE: readonly Rgb[] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [255, 255, 255],
  [255, 255, 0],
  [255, 0, 255],
  [0, 255, 255],
  [255, 128, 0],
  [128, 0, 255],
  [128, 128, 128],
];

/** Colours of the palette are at least this far apart (RGB distance): the engine's pairing reaches 90. */
const DISTINCT = 100;

/** Unpainted pixels of a map given to the engine take this colour (no palette colour is near it). */
export const UNPAINTED: Rgb = [0, 0, 0];

export const colourKey = ([r, g, b]: Rgb) => `${r},${g},${b}`;
export const colourCss = ([r, g, b]: Rgb) => `rgb(${r} ${g} ${b})`;
const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** A map's colours with their share of its pixels, most first; unpainted pixels are not a colour. */
export function mapColours({ width, height, data }: RgbaImage): { colour: Rgb; share: number }[] {
  const counts = new Map<number, number>();
  for (let p = 0; p < data.length; p += 4) {
    if (data[p + 3] < 128) continue;
    const key = (data[p] << 16) | (data[p + 1] << 8) | data[p + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => ({ colour: [key >> 16, (key >> 8) & 255, key & 255] as const, share: count / (width * height) }));
}

/** The colours to paint a map with: those it has, then the default ones not close to them, MAX_REGIONS in all. */
export function paletteFor(maps: readonly (RgbaImage | undefined)[]): Rgb[] {
  const palette: Rgb[] = [];
  const add = (colour: Rgb) => {
    if (palette.length < MAX_REGIONS && palette.every((c) => distance(c, colour) >= DISTINCT)) palette.push(colour);
  };
  for (const map of maps) if (map) for (const { colour } of mapColours(map)) add(colour);
  for (const colour of DEFAULT_PALETTE) add(colour);
  return palette;
}

/** The nearest colour of `palette` to pixel `p` (RGB of `data`). */
function nearestColour(data: RgbaImage['data'], p: number, palette: readonly Rgb[]): Rgb {
  let best = palette[0];
  let bestDistance = Infinity;
  for (const colour of palette) {
    const d = (data[p] - colour[0]) ** 2 + (data[p + 1] - colour[1]) ** 2 + (data[p + 2] - colour[2]) ** 2;
    if (d < bestDistance) [best, bestDistance] = [colour, d];
  }
  return best;
}

/** A painted layer made exact: anti-aliased edges take the nearest palette colour, or stay unpainted when mostly clear. */
export function snapToPalette({ width, height, data }: RgbaImage, palette: readonly Rgb[]): RgbaImage {
  const exact = new Uint8ClampedArray(data.length);
  for (let p = 0; p < data.length; p += 4) {
    if (data[p + 3] < 128) continue;
    const colour = nearestColour(data, p, palette);
    exact[p] = colour[0];
    exact[p + 1] = colour[1];
    exact[p + 2] = colour[2];
    exact[p + 3] = 255;
  }
  return { width, height, data: exact };
}

/**
 * A map from a file made exact: its regions found as the engine finds them (JPEG noise and blended
 * edges are no regions), each pixel in its region's colour. Throws the engine's sentence for too many colours.
 */
export function exactMap(map: RgbaImage): RgbaImage {
  const { regions, labels } = labelMap(map);
  const exact = new Uint8ClampedArray(map.width * map.height * 4);
  for (let q = 0; q < labels.length; q++) {
    const [r, g, b] = regions[labels[q]].colour;
    exact.set([r, g, b, 255], q * 4);
  }
  return { width: map.width, height: map.height, data: exact };
}

/** The map as the engine reads it: opaque, unpainted pixels in the UNPAINTED colour. */
export function opaqueMap({ width, height, data }: RgbaImage): RgbaImage {
  const opaque = new Uint8ClampedArray(data.length);
  for (let p = 0; p < data.length; p += 4) {
    const painted = data[p + 3] >= 128;
    opaque[p] = painted ? data[p] : UNPAINTED[0];
    opaque[p + 1] = painted ? data[p + 1] : UNPAINTED[1];
    opaque[p + 2] = painted ? data[p + 2] : UNPAINTED[2];
    opaque[p + 3] = 255;
  }
  return { width, height, data: opaque };
}

/** Whether some pixel of the map is unpainted. */
export function hasUnpainted({ data }: RgbaImage): boolean {
  for (let p = 3; p < data.length; p += 4) if (data[p] < 128) return true;
  return false;
}

/** A black-and-white mask (white where `inside` holds for the pixel's colour, black elsewhere and where unpainted). */
export function maskWhere({ width, height, data }: RgbaImage, inside: (key: string) => boolean): RgbaImage {
  const mask = new Uint8ClampedArray(data.length);
  for (let p = 0; p < data.length; p += 4) {
    const white = data[p + 3] >= 128 && inside(`${data[p]},${data[p + 1]},${data[p + 2]}`);
    mask[p] = mask[p + 1] = mask[p + 2] = white ? 255 : 0;
    mask[p + 3] = 255;
  }
  return { width, height, data: mask };
}

const COLOUR_WORDS: readonly [string, Rgb][] = [
  ['red', [255, 0, 0]],
  ['green', [0, 255, 0]],
  ['blue', [0, 0, 255]],
  ['white', [255, 255, 255]],
  ['yellow', [255, 255, 0]],
  ['magenta', [255, 0, 255]],
  ['cyan', [0, 255, 255]],
  ['orange', [255, 128, 0]],
  ['purple', [128, 0, 255]],
  ['grey', [128, 128, 128]],
  ['black', [0, 0, 0]],
];

/** A colour as a word when it is near one ("red" for 255,51,31), else as rgb(). */
export function colourWord(colour: Rgb): string {
  const [word, named] = COLOUR_WORDS.reduce((best, entry) => (distance(entry[1], colour) < distance(best[1], colour) ? entry : best));
  return distance(named, colour) < 70 ? word : `rgb(${colour.join(', ')})`;
}
