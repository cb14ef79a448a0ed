import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from './image';
import { labelMap, MAX_REGIONS, pairRegions, type Rgb } from './regionMaps';
import { SHARED_DIR } from '../testing/engineFixture';

/** A map of vertical bands, one a colour, each fading towards the next over `blur` pixels as a brush's anti-aliasing does. */
function bands(colours: Rgb[], width = 96, height = 64, blur = 0): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const band = width / colours.length;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = Math.min(colours.length - 1, Math.floor(x / band));
      const next = Math.min(colours.length - 1, k + 1);
      const t = blur ? Math.max(0, 1 - ((k + 1) * band - x) / blur) / 2 : 0;
      for (let c = 0; c < 3; c++) data[(y * width + x) * 4 + c] = colours[k][c] * (1 - t) + colours[next][c] * t;
      data[(y * width + x) * 4 + 3] = 255;
    }
  }
  return { width, height, data };
}

async function jpegRoundTrip(map: RgbaImage, quality: number): Promise<RgbaImage> {
  const jpeg = await sharp(Buffer.from(map.data), { raw: { width: map.width, height: map.height, channels: 4 } }).jpeg({ quality }).toBuffer();
  const { data, info } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

async function readMap(name: string): Promise<RgbaImage> {
  const { data, info } = await sharp(resolve(SHARED_DIR, 'images/doodle', name)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 200, 0];
const BLUE: Rgb = [0, 0, 255];
const WHITE: Rgb = [255, 255, 255];

describe('colour-coded region maps', () => {
  it('find the painted colours of a map saved as JPEG with anti-aliased edges, and no region for the edges', async () => {
    const map = await jpegRoundTrip(bands([RED, GREEN, BLUE, WHITE], 128, 64, 4), 60);
    const { regions, labels } = labelMap(map);
    expect(regions).toHaveLength(4);
    for (const [i, colour] of [RED, GREEN, BLUE, WHITE].entries()) {
      const found = regions.reduce((best, r) => (Math.hypot(...r.colour.map((v, c) => v - colour[c])) < Math.hypot(...best.colour.map((v, c) => v - colour[c])) ? r : best));
      expect(Math.hypot(...found.colour.map((v, c) => v - colour[c]))).toBeLessThan(12);
      expect(found.share).toBeCloseTo(0.25, 1);
      // The middle of each band is labelled with its own region.
      const middle = 20 * 128 + Math.round((i + 0.5) * 32);
      expect(regions[labels[middle]]).toBe(found);
    }
  });

  it('keep a painted region whose colour lies between two others, as purple between red and blue, since it is no thin edge', () => {
    const { regions } = labelMap(bands([RED, [128, 0, 128], BLUE], 96, 64, 3));
    expect(regions.map((r) => r.colour)).toEqual(expect.arrayContaining([[255, 0, 0], [128, 0, 128], [0, 0, 255]]));
    expect(regions).toHaveLength(3);
  });

  it('pair near colours across maps one to one, and leave a colour no other map has unpaired', () => {
    const target = labelMap(bands([[254, 0, 0], GREEN, BLUE])).regions;
    const painting = labelMap(bands([GREEN, [255, 51, 31]])).regions;
    const paired = pairRegions(target, painting);
    expect(paired.map((j) => (j === undefined ? undefined : painting[j].colour))).toEqual([[255, 51, 31], GREEN, undefined]);
  });

  it(`refuse a map of more than ${MAX_REGIONS} colours, saying how many it has`, () => {
    const colours: Rgb[] = Array.from({ length: MAX_REGIONS + 2 }, (_, i) => [(i * 97) % 256, (i * 53) % 256, i % 2 ? 255 : 0]);
    expect(() => labelMap(bands(colours, 200, 20))).toThrow(`This map has ${MAX_REGIONS + 2} regions`);
  });

  it("pair the shared doodle's target map with the Renoir's map, region for region, its red included", async () => {
    const [renoir, creek] = await Promise.all([readMap('renoir-map.png'), readMap('creek-map.png')]);
    const style = labelMap(renoir).regions;
    const target = labelMap(creek).regions;
    expect(style).toHaveLength(4);
    expect(target).toHaveLength(4);
    const paired = pairRegions(target, style);
    const near = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    expect(paired.every((j, i) => j !== undefined && near(style[j].colour, target[i].colour) < 90)).toBe(true);
    const red = target.findIndex((r) => r.colour[0] > 200 && r.colour[1] < 100);
    expect(style[paired[red]!].colour).toEqual([255, 51, 31]);
  });
});
