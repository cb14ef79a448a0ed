// The flood fill stops where the paint or the picture under it changes, within the tolerance.
import { describe, expect, it } from 'vitest';
import { floodFill } from './floodFill';

/** RGBA of `width`×`height` pixels, each `colour(x)` (columns only). */
function columns(width: number, height: number, colour: (x: number) => number[]): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x), (y * width + x) * 4);
  return data;
}

const RED = [255, 0, 0, 255];
const painted = (paint: Uint8ClampedArray) => Array.from({ length: paint.length / 4 }, (_, q) => (paint[q * 4 + 3] === 255 ? 1 : 0));

describe('floodFill', () => {
  it('fills the half of the picture of one colour, and the tolerance takes in a near one', () => {
    // Columns 0-1 grey 100, column 2 grey 120, column 3 grey 200.
    const picture = columns(4, 2, (x) => [[100, 100, 100, 255], [100, 100, 100, 255], [120, 120, 120, 255], [200, 200, 200, 255]][x]);
    const tight = { width: 4, height: 2, paint: new Uint8ClampedArray(32), picture };
    expect(floodFill(tight, 0.5, 0.5, RED, 10)).toBe(4);
    expect(painted(tight.paint)).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
    const loose = { width: 4, height: 2, paint: new Uint8ClampedArray(32), picture };
    expect(floodFill(loose, 0.5, 0.5, RED, 40)).toBe(6);
    expect(painted(loose.paint)).toEqual([1, 1, 1, 0, 1, 1, 1, 0]);
  });

  it('without a picture, fills the paint of the start’s colour and stops at other paint', () => {
    const paint = columns(3, 1, (x) => (x === 1 ? [0, 0, 255, 255] : [0, 0, 0, 0]));
    expect(floodFill({ width: 3, height: 1, paint }, 0, 0, RED, 0)).toBe(1);
    expect([...paint.slice(0, 4)]).toEqual(RED);
    expect([...paint.slice(4, 8)]).toEqual([0, 0, 255, 255]);
    expect([...paint.slice(8, 12)]).toEqual([0, 0, 0, 0]);
  });
});
