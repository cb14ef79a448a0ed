import { describe, expect, it } from 'vitest';
import { frameCount, frameSize, frameTimes } from './frameTiming';

describe('frame timing', () => {
  it('samples a 2 s clip at 10 fps as 20 frames from its start, none at its end', () => {
    const times = frameTimes({ start: 0, end: 2, fps: 10 });
    expect(times).toHaveLength(20);
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBeCloseTo(1.9);
  });

  it('counts a trimmed range from its start, and a part frame as a frame', () => {
    expect(frameCount({ start: 1.5, end: 2.5, fps: 12 })).toBe(12);
    expect(frameTimes({ start: 1.5, end: 2.5, fps: 12 })[0]).toBe(1.5);
    // 0.1 s × 30 fps is 3.0000000000000004 in floating point: still 3 frames.
    expect(frameCount({ start: 0, end: 0.1, fps: 30 })).toBe(3);
    expect(frameCount({ start: 0, end: 1.01, fps: 10 })).toBe(11);
    expect(frameCount({ start: 0, end: 0.01, fps: 10 })).toBe(1);
  });

  it('refuses an empty range or a frame rate of zero', () => {
    expect(() => frameCount({ start: 2, end: 2, fps: 10 })).toThrow(RangeError);
    expect(() => frameCount({ start: 0, end: 2, fps: 0 })).toThrow(RangeError);
  });

  it('scales the long side down to the chosen size, never up, with even sides', () => {
    expect(frameSize(1920, 1080, 256)).toEqual({ width: 256, height: 144 });
    expect(frameSize(1080, 1920, 256)).toEqual({ width: 144, height: 256 });
    expect(frameSize(640, 480, 1024)).toEqual({ width: 640, height: 480 });
    expect(frameSize(333, 201, 1024)).toEqual({ width: 334, height: 202 });
    expect(frameSize(1000, 10, 100)).toEqual({ width: 100, height: 2 });
  });
});
