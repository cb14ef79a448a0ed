import { describe, expect, it } from 'vitest';
import { estimateSeconds, planRun } from './plan';
import { withDefaults } from './settings';

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

  it('estimates the time from the pixels of every iteration and of the target passes', () => {
    const settings = withDefaults({ size: 512, iterations: 100 });
    const perMegapixel = 40;
    const megapixels = (128 * 72 + 256 * 144 + 512 * 288) / 1e6;
    const iterationsOnly = megapixels * 100 * perMegapixel;
    const seconds = estimateSeconds(photo, settings, perMegapixel, [{ width: 1200, height: 1528 }]);
    // The target passes add a few percent to the 100 iterations a scale.
    expect(seconds).toBeGreaterThan(iterationsOnly);
    expect(seconds).toBeLessThan(iterationsOnly * 1.05);
    // Without paintings to pass, the extra is the photo's forward pass: half an iteration a scale.
    expect(estimateSeconds(photo, { ...settings, iterations: 200 }, perMegapixel)).toBeCloseTo(megapixels * 200.5 * perMegapixel, 6);
  });
});
