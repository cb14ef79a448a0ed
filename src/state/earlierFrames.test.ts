import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../worker/protocol';
import { EarlierFrames } from './earlierFrames';

/** A 1×1 picture whose red value names it: frame 3's input is 3, its result 103. */
const picture = (value: number): RgbaImage => ({ width: 1, height: 1, data: new Uint8ClampedArray([value, 0, 0, 255]) });
const names = (previous: ReturnType<EarlierFrames['previousOf']>) =>
  previous && [previous, ...(previous.further ?? [])].map(({ frame, result }) => [frame.data[0], result.data[0]]);

describe('the earlier frames of a render', () => {
  it('gives each frame the frames t−1, t−2, t−4 and their results with the long-term term, and holds no more than four', () => {
    const earlier = new EarlierFrames(true);
    expect(earlier.previousOf(0)).toBeUndefined();
    const held: number[] = [];
    for (let index = 0; index < 10; index++) {
      if (index === 1) expect(names(earlier.previousOf(1))).toEqual([[0, 100]]);
      if (index === 3) expect(names(earlier.previousOf(3))).toEqual([[2, 102], [1, 101]]);
      if (index === 9) expect(names(earlier.previousOf(9))).toEqual([[8, 108], [7, 107], [5, 105]]);
      earlier.keep(index, picture(index), picture(100 + index));
      held.push(earlier.size);
    }
    expect(Math.max(...held)).toBe(4);
  });

  it('gives the frame before alone without it, and holds only that', () => {
    const earlier = new EarlierFrames(false);
    for (let index = 0; index < 6; index++) earlier.keep(index, picture(index), picture(100 + index));
    expect(names(earlier.previousOf(6))).toEqual([[5, 105]]);
    expect(earlier.previousOf(6)?.further).toBeUndefined();
    expect(earlier.size).toBe(1);
  });

  it('resumes a render at frame 7 from frames 3 to 6 read back, as the unbroken render went on', () => {
    const earlier = new EarlierFrames(true);
    expect(earlier.firstToDecode(7)).toBe(3);
    for (let index = 3; index < 7; index++) earlier.keep(index, picture(index), picture(100 + index));
    expect(names(earlier.previousOf(7))).toEqual([[6, 106], [5, 105], [3, 103]]);
    expect(new EarlierFrames(false).firstToDecode(7)).toBe(6);
    expect(new EarlierFrames(true).firstToDecode(0)).toBe(0);
  });
});
