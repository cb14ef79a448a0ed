import { describe, expect, it } from 'vitest';
import { MAX_VIDEO_RENDER_SECONDS, renderEstimate } from './renderEstimate';

describe('render estimate', () => {
  it('lets a clip through that renders within the limit', () => {
    const estimate = renderEstimate({ start: 0, end: 10, fps: 12 }, 5);
    expect(estimate).toMatchObject({ frames: 120, seconds: 600 });
    expect(estimate.tooLong).toBeUndefined();
  });

  it('says how long a clip that is too long would take and how short it must be', () => {
    const estimate = renderEstimate({ start: 0, end: 60, fps: 24 }, 4);
    expect(estimate.seconds).toBeGreaterThan(MAX_VIDEO_RENDER_SECONDS);
    // 1440 frames × 4 s = 96 min; an hour holds 900 frames, 37.5 s at 24 fps.
    expect(estimate.longestClipSeconds).toBe(37.5);
    expect(estimate.tooLong).toBe(
      'This 60.0 s clip would take about 96 minutes (1440 frames at 4.0 s each): shorten it to 37.5 s or less with the start and end, or choose a lower frame rate or a smaller size.',
    );
  });

  it('speaks of hours past two of them, and asks for a smaller size when not one frame fits', () => {
    const estimate = renderEstimate({ start: 5, end: 25, fps: 30 }, 4000);
    expect(estimate.longestClipSeconds).toBe(0);
    expect(estimate.tooLong).toBe('This 20.0 s clip would take about 667 hours (600 frames at 4000.0 s each): even one frame takes too long at this size, so choose a smaller size.');
  });
});
