// Maps as the app keeps them: exact region colours and clear where unpainted.
import { describe, expect, it } from 'vitest';
import { exactMap, mapColours, maskWhere, opaqueMap, paletteFor, snapToPalette, UNPAINTED } from './regionColours';

const image = (pixels: number[][]) => ({ width: pixels.length, height: 1, data: new Uint8ClampedArray(pixels.flat()) });

describe('region colours', () => {
  it('snaps anti-aliased paint to the palette and leaves mostly clear pixels unpainted', () => {
    const painted = image([[250, 10, 5, 255], [120, 130, 10, 200], [0, 250, 0, 60]]);
    const exact = snapToPalette(painted, [[255, 0, 0], [0, 255, 0]]);
    expect([...exact.data]).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 0]);
    expect(mapColours(exact)).toEqual([
      { colour: [255, 0, 0], share: 1 / 3 },
      { colour: [0, 255, 0], share: 1 / 3 },
    ]);
  });

  it('makes a noisy map from a file exact, region by region', () => {
    const noisy = { width: 20, height: 20, data: new Uint8ClampedArray(20 * 20 * 4) };
    for (let q = 0; q < 400; q++) noisy.data.set(q % 20 < 10 ? [250 + (q % 3), 2, 3, 255] : [1, 3 + (q % 4), 252, 255], q * 4);
    expect(mapColours(exactMap(noisy)).map((c) => c.share)).toEqual([0.5, 0.5]);
  });

  it('builds the palette from the maps’ colours first, then the default ones far from them', () => {
    const renoirRed = image([[255, 51, 31, 255]]);
    const palette = paletteFor([renoirRed]);
    expect(palette[0]).toEqual([255, 51, 31]);
    expect(palette).not.toContainEqual([255, 0, 0]);
    expect(palette).toHaveLength(8);
  });

  it('gives the engine opaque maps and masks: unpainted pixels black, and outside every mask', () => {
    const map = image([[255, 0, 0, 255], [0, 0, 0, 0], [0, 255, 0, 255]]);
    expect([...opaqueMap(map).data.slice(4, 8)]).toEqual([...UNPAINTED, 255]);
    const mask = maskWhere(map, (key) => key === '255,0,0');
    expect([...mask.data]).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
  });
});
