// What is read back from the picture store is checked, and a mask keeps its grey levels exactly.
import { describe, expect, it } from 'vitest';
import { packMask, readStoredPictures, unpackMask } from './picturePersistence';

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
