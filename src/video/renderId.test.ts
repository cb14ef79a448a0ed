import { describe, expect, it } from 'vitest';
import { renderId } from './renderId';

const clip = { name: 'beach.mp4', size: 12_345_678, lastModified: 1_700_000_000_000 };
const settings = { fps: 12, longSide: 256, start: 0, end: 8, style: { weight: 1e4, painting: 'the_scream.jpg' } };

describe('render id', () => {
  it('names the same clip with the same settings the same, whatever order the settings come in', () => {
    const reordered = { style: { painting: 'the_scream.jpg', weight: 1e4 }, end: 8, start: 0, longSide: 256, fps: 12 };
    expect(renderId({ ...clip }, settings)).toBe(renderId(clip, reordered));
    expect(renderId(clip, settings)).toMatch(/^render-[0-9a-z]+$/);
  });

  it('names a new render when the file or any setting changes', () => {
    const ids = [
      renderId(clip, settings),
      renderId({ ...clip, name: 'beach2.mp4' }, settings),
      renderId({ ...clip, size: clip.size + 1 }, settings),
      renderId({ ...clip, lastModified: clip.lastModified + 1 }, settings),
      renderId(clip, { ...settings, fps: 24 }),
      renderId(clip, { ...settings, end: 7.5 }),
      renderId(clip, { ...settings, style: { ...settings.style, weight: 1e3 } }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
