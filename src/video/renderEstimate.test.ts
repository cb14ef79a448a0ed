import { describe, expect, it } from 'vitest';
import { MAX_VIDEO_RENDER_SECONDS, renderEstimate } from './renderEstimate';

describe('render estimate', () => {
  it('counts the first frame, which runs every scale, apart from the frames that carry on from it', () => {
    const estimate = renderEstimate({ start: 0, end: 10, fps: 12 }, { first: 15, later: 5 });
    expect(estimate).toMatchObject({ frames: 120, toPaint: 120, seconds: 15 + 119 * 5 });
    expect(estimate.tooLong).toBeUndefined();
  });

  it('counts only the frames still to paint once some are kept, each carrying on from the one before, and never calls a begun render too long', () => {
    expect(renderEstimate({ start: 0, end: 10, fps: 12 }, { first: 15, later: 5 }, 40)).toMatchObject({ frames: 120, toPaint: 80, seconds: 80 * 5 });
    const long = renderEstimate({ start: 0, end: 600, fps: 24 }, { first: 12, later: 4 }, 1);
    expect(long).toMatchObject({ toPaint: 14399, seconds: 14399 * 4 });
    expect(long.tooLong).toBeUndefined();
    expect(renderEstimate({ start: 0, end: 10, fps: 12 }, { first: 15, later: 5 }, 120)).toMatchObject({ toPaint: 0, seconds: 0 });
  });

  it('says how long a clip that is too long would take and how short it must be, and a clip that short fits', () => {
    const pace = { first: 12, later: 4 };
    const estimate = renderEstimate({ start: 0, end: 600, fps: 24 }, pace);
    expect(estimate.seconds).toBeGreaterThan(MAX_VIDEO_RENDER_SECONDS);
    // 12 s + 14399 × 4 s = 16 hours; 8 hours hold 1 + (28800 - 12) / 4 = 7198 frames, 299.9 s at 24 fps.
    expect(estimate.tooLong).toBe(
      'Too long: this 600.0 s clip would take about 16 hours on this device (14400 frames at 4.0 s each), and a render may take 8 hours at most. Shorten it to 299.9 s or less with From and To, or choose a lower frame rate or a smaller frame size.',
    );
    expect(renderEstimate({ start: 0, end: 299.9, fps: 24 }, pace).tooLong).toBeUndefined();
    expect(renderEstimate({ start: 0, end: 300, fps: 24 }, pace).tooLong).toBeDefined();
  });

  it('asks for a smaller size when not even one frame fits', () => {
    const estimate = renderEstimate({ start: 5, end: 25, fps: 30 }, { first: 40_000, later: 4000 });
    expect(estimate.longestClipSeconds).toBe(0);
    expect(estimate.tooLong).toBe(
      'Too long: this 20.0 s clip would take about 677 hours on this device (600 frames at 4060.0 s each), and a render may take 8 hours at most. Even one frame takes longer than that at this size: choose a smaller frame size.',
    );
  });
});
