// The legend says what the run will do with each colour: the painting it is given, or the painting's region it pairs with.
import { describe, expect, it } from 'vitest';
import { regionLegend } from './regionMeanings';
import { emptyRegions } from './regionStore';

/** A one-row map of these colours (a null is unpainted). */
const map = (colours: ([number, number, number] | null)[]) => ({
  width: colours.length,
  height: 1,
  data: new Uint8ClampedArray(colours.flatMap((c) => (c ? [...c, 255] : [0, 0, 0, 0]))),
});
const picture = (width: number) => ({ width, height: 1, data: new Uint8ClampedArray(width * 4) });

describe('regionLegend', () => {
  const [one, two] = [picture(2), picture(3)];
  const paintings = [
    { image: one, name: 'one.png' },
    { image: two, name: 'two.png' },
  ];

  it('without paintings’ maps gives red to painting 1, green to painting 2, as the user changes them', () => {
    const regions = { ...emptyRegions(), target: { image: map([[255, 0, 0], [0, 255, 0], null, [0, 255, 0]]), source: 'painted' as const } };
    const legend = regionLegend(regions, paintings, []);
    expect(legend.mode).toBe('assign');
    expect(legend.colours.map((c) => [c.share, c.text])).toEqual([
      [0.5, 'painting 2 (two.png)'],
      [0.25, 'painting 1 (one.png)'],
    ]);
    expect(legend.unpainted).toBe('the photo stays');
    const changed = regionLegend({ ...regions, assignments: { '0,255,0': 'photo' } }, paintings, []);
    expect(changed.colours[0].text).toBe('the photo stays');
  });

  it('with a painting’s map pairs each colour with its region, and says which colour no map has', () => {
    const regions = {
      ...emptyRegions(),
      doodle: { width: 2, height: 1 },
      target: { image: map([[255, 0, 0], [0, 0, 255]]), source: 'painted' as const },
      paintings: [{ image: map([[255, 51, 31], [0, 255, 0], [0, 255, 0]]), source: 'uploaded' as const, painting: two }],
    };
    const legend = regionLegend(regions, paintings, []);
    expect(legend.mode).toBe('pairs');
    expect(legend.colours.map((c) => c.text)).toEqual([
      'painting 2 (two.png)’s red region',
      'no painting’s map has this colour: it takes the whole painting’s style',
    ]);
    expect(legend.unused).toEqual(['green in painting 2 (two.png)’s map']);
  });
});
