import { describe, expect, it } from 'vitest';
import { firstMissingFrame, frameFileName, frameIndexOf } from './frameFiles';

describe('frame files', () => {
  it('names frames so that their names sort in order, and reads the number back', () => {
    const names = [0, 7, 42, 1234].map(frameFileName);
    expect(names).toEqual(['frame-000000.png', 'frame-000007.png', 'frame-000042.png', 'frame-001234.png']);
    expect(names.map(frameIndexOf)).toEqual([0, 7, 42, 1234]);
    expect([...names].reverse().sort()).toEqual(names);
  });

  it('ignores files that are no finished frame', () => {
    expect(frameIndexOf('frame-000003.png.crswap')).toBeUndefined();
    expect(frameIndexOf('notes.txt')).toBeUndefined();
  });

  it('resumes at the first frame not kept, even when a later one is', () => {
    expect(firstMissingFrame([])).toBe(0);
    expect(firstMissingFrame([0, 1, 2])).toBe(3);
    expect(firstMissingFrame([2, 0, 3])).toBe(1);
  });
});
