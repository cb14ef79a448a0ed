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
    const given: (number[][] | undefined)[] = [];
    const held: number[] = [];
    for (let index = 0; index < 10; index++) {
      given.push(names(earlier.previousOf(index)));
      earlier.keep(index, picture(index), picture(100 + index));
      held.push(earlier.size);
    }
    expect(given[0]).toBeUndefined();
    expect(given[1]).toEqual([[0, 100]]);
    expect(given[3]).toEqual([[2, 102], [1, 101]]);
    expect(given[4]).toEqual([[3, 103], [2, 102], [0, 100]]);
    expect(given[9]).toEqual([[8, 108], [7, 107], [5, 105]]);
    expect(Math.max(...held)).toBe(4);
  });

  it('gives the frame before alone without it, and holds only that', () => {
    const earlier = new EarlierFrames(false);
    for (let index = 0; index < 6; index++) earlier.keep(index, picture(index), picture(100 + index));
    expect(names(earlier.previousOf(6))).toEqual([[5, 105]]);
    expect(earlier.previousOf(6)?.further).toBeUndefined();
    expect(earlier.size).toBe(1);
  });

  it('resumes a render from the frames read back that its next frames are held to, as the unbroken render went on', () => {
    /** Where a render resumes, the first frame it decodes, and what its next three frames are given. */
    const cases: [number, number, (number[][] | undefined)[]][] = [
      [7, 3, [[[6, 106], [5, 105], [3, 103]], [[7, 107], [6, 106], [4, 104]], [[8, 108], [7, 107], [5, 105]]]],
      [3, 0, [[[2, 102], [1, 101]], [[3, 103], [2, 102], [0, 100]], [[4, 104], [3, 103], [1, 101]]]],
      [0, 0, [undefined, [[0, 100]], [[1, 101], [0, 100]]]],
    ];
    for (const [next, first, expected] of cases) {
      const earlier = new EarlierFrames(true);
      expect(earlier.firstToDecode(next)).toBe(first);
      for (let index = first; index < next; index++) earlier.keep(index, picture(index), picture(100 + index));
      const given = [];
      for (let index = next; index < next + 3; index++) {
        given.push(names(earlier.previousOf(index)));
        earlier.keep(index, picture(index), picture(100 + index));
      }
      expect(given, `resumed at ${next}`).toEqual(expected);
    }
    expect(new EarlierFrames(false).firstToDecode(7)).toBe(6);
  });
});
