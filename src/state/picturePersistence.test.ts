// What is read back from the picture store is checked, and a mask keeps its grey levels exactly.
import { describe, expect, it } from 'vitest';
import { packMask, packRegions, readStoredPictures, unpackMask, unpackRegions } from './picturePersistence';

const input = { blob: new Blob(['x'], { type: 'image/png' }), name: 'wolf', fileName: 'wolf.png' };

describe('readStoredPictures', () => {
  it('keeps sound entries and names the damaged ones', () => {
    const result = { width: 2, height: 1, data: new Uint8ClampedArray(8), output: { width: 4, height: 2 }, downloadName: 'a.png' };
    const { pictures, damaged } = readStoredPictures({
      content: input,
      style: { ...input, blob: 'not a blob' },
      extras: [input, { name: 'x' }],
      weights: { styleWeight: 0.5, extras: [1] },
      mask: { width: 2, height: 2, grey: new Uint8Array(3), source: 'painted' },
      result,
      unknown: 42,
    });
    expect(pictures).toEqual({ content: input, weights: { styleWeight: 0.5, extras: [1] }, result });
    expect(damaged.sort()).toEqual(['extras', 'mask', 'style']);
  });

  it('refuses weights out of 0..1 and results whose pixels do not match their size', () => {
    const { pictures, damaged } = readStoredPictures({
      weights: { styleWeight: 2, extras: [] },
      result: { width: 3, height: 1, data: new Uint8ClampedArray(8), output: { width: 3, height: 1 }, downloadName: 'a.png' },
    });
    expect(pictures).toEqual({});
    expect(damaged.sort()).toEqual(['result', 'weights']);
  });
});

describe('packMask', () => {
  it('stores one byte a pixel and gives the same mask back', () => {
    const data = new Uint8ClampedArray([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    const mask = { image: { width: 3, height: 1, data }, source: 'uploaded' as const, fileName: 'm.png' };
    const packed = packMask(mask);
    expect([...packed.grey]).toEqual([0, 128, 255]);
    expect(readStoredPictures({ mask: packed }).pictures.mask).toEqual(packed);
    expect(unpackMask(packed)).toEqual(mask);
  });
});

describe('packRegions', () => {
  const painting = { width: 2, height: 1, data: new Uint8ClampedArray(8) };
  const other = { width: 3, height: 1, data: new Uint8ClampedArray(12) };
  const map = (width: number) => ({ width, height: 1, data: new Uint8ClampedArray(width * 4).fill(255) });

  it('keeps each painting’s map under its place in the blend, and gives back only maps that fit their pictures', () => {
    const regions = {
      target: { image: map(3), source: 'painted' as const },
      paintings: [{ image: map(2), source: 'uploaded' as const, fileName: 'm.png', painting }],
      assignments: { '255,0,0': 'photo' as const, '0,255,0': 1 },
    };
    const packed = packRegions(regions, [other, painting]);
    expect(packed.paintings.map((p) => p.index)).toEqual([1]);
    expect(readStoredPictures({ regions: packed }).pictures.regions).toEqual(packed);
    expect(unpackRegions(packed, { width: 3, height: 1 }, [other, painting])).toEqual(regions);
    // Another photo size, another painting at that place: those maps are left out, the meanings stay.
    expect(unpackRegions(packed, { width: 4, height: 1 }, [other, other])).toEqual({ paintings: [], assignments: regions.assignments });
  });

  it('refuses damaged region entries', () => {
    const bad = [
      { paintings: [], assignments: { red: 0 } },
      { paintings: [{ index: -1, map: { width: 1, height: 1, data: new Uint8ClampedArray(4), source: 'painted' } }], assignments: {} },
      { target: { width: 2, height: 1, data: new Uint8ClampedArray(4), source: 'painted' }, paintings: [], assignments: {} },
      { doodle: { width: 0, height: 3 }, paintings: [], assignments: {} },
    ];
    for (const regions of bad) expect(readStoredPictures({ regions }).damaged).toEqual(['regions']);
  });
});
