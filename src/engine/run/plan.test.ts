import { describe, expect, it } from 'vitest';
import { STYLE_TERM_COST, estimateSeconds, firstStepSize, planRun } from './plan';
import { withDefaults } from '../settings';

const photo = { width: 1920, height: 1080 };

describe('the plan of a run', () => {
  it('tiles the scales above the tile size: 2048 px goes in 1, 6 and 15 tiles of 512', () => {
    const plan = planRun(photo, withDefaults({ size: 2048 }));
    expect(plan.map((s) => [s.size.width, s.size.height, s.tiles.length])).toEqual([
      [512, 288, 1],
      [1024, 576, 6],
      [2048, 1152, 15],
    ]);
    // Every pixel of the largest scale lies in a tile.
    const { size, tiles } = plan[2];
    for (const [x, y] of [[0, 0], [size.width - 1, size.height - 1], [1000, 600]])
      expect(tiles.some((t) => x >= t.x && x < t.x + t.width && y >= t.y && y < t.y + t.height)).toBe(true);
  });

  it("knows the first step's size: the first scale, or its first tile", () => {
    expect(firstStepSize(photo, withDefaults())).toEqual({ width: 128, height: 72 });
    expect(firstStepSize(photo, withDefaults({ size: 64, scales: 1 }))).toEqual({ width: 64, height: 36 });
    const { width, height } = planRun(photo, withDefaults({ size: 2048, scales: 1 }))[0].tiles[0];
    expect(firstStepSize(photo, withDefaults({ size: 2048, scales: 1 }))).toEqual({ width, height });
    expect(width).toBeLessThanOrEqual(512);
  });

  it('runs the full iterations at the output size and fewer at the smaller scales, never more', () => {
    const settings = withDefaults({ size: 512, iterations: 100, coarseIterations: 20 });
    expect(planRun(photo, settings).map((s) => s.iterations)).toEqual([20, 20, 100]);
    expect(planRun(photo, { ...settings, iterations: 8 }).map((s) => s.iterations)).toEqual([8, 8, 8]);
  });

  it('estimates the time from the pixels of every iteration and of the target passes', () => {
    const settings = withDefaults({ size: 512, iterations: 100, coarseIterations: 20 });
    const perMegapixel = 40;
    const scalePixels = [128 * 72, 256 * 144, 512 * 288];
    const iterationsOnly = ((scalePixels[0] * 20 + scalePixels[1] * 20 + scalePixels[2] * 100) / 1e6) * perMegapixel;
    const seconds = estimateSeconds(photo, settings, perMegapixel, [{ width: 1200, height: 1528 }]);
    // The target passes add a few percent to the iterations.
    expect(seconds).toBeGreaterThan(iterationsOnly);
    expect(seconds).toBeLessThan(iterationsOnly * 1.05);
    // Without paintings to pass, the extra is the photo's forward pass: half an iteration a scale.
    const forwardPasses = ((scalePixels[0] + scalePixels[1] + scalePixels[2]) / 1e6) * 0.5 * perMegapixel;
    expect(estimateSeconds(photo, settings, perMegapixel)).toBeCloseTo(iterationsOnly + forwardPasses, 6);
    // INetwork's term makes every iteration dearer, not the forward passes.
    const inetwork = estimateSeconds(photo, { ...settings, styleTerm: 'inetwork' }, perMegapixel);
    expect(inetwork).toBeCloseTo(iterationsOnly * STYLE_TERM_COST.inetwork + forwardPasses, 6);
  });
});
