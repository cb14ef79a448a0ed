// What each colour of the map over the picture means, in words, for the legend and the palette.
// It follows the engine's own rules (regionMaps.ts, regions.ts), so that the legend says what the run will do.
import { pairRegions } from '../engine/image/regionMaps';
import { colourKey, colourWord, mapColours, type Rgb } from './regionColours';
import { assignmentOf, type Assignment, type Regions } from './regionStore';
import type { RgbaImage } from '../worker/protocol';

export interface ColourMeaning {
  colour: Rgb;
  /** Share of the picture it covers, 0..1 (0 for a palette colour not painted yet). */
  share: number;
  text: string;
  /** Without paintings' maps: the painting (index) or photo it is given to, which the user may change. */
  assignment?: Assignment;
  /** With paintings' maps: no painting's map has it, so it takes the whole painting's style. */
  unmatched?: boolean;
}

export interface RegionLegend {
  /** 'pairs': the colours pair with the paintings' maps; 'assign': each colour is given a painting. */
  mode: 'pairs' | 'assign';
  colours: ColourMeaning[];
  /** What the unpainted part does, when there is one. */
  unpainted?: string;
  /** Colours of the paintings' maps that the picture's map lacks. */
  unused: string[];
}

/** Painting k as the legend names it. */
export const paintingName = (names: readonly string[], k: number) => `painting ${k + 1} (${names[k]})`;

/** The legend of `palette` (the colours painted first) for the paintings `paintings` (images with names). */
export function regionLegend(regions: Regions, paintings: readonly { image: RgbaImage; name: string }[], palette: readonly Rgb[]): RegionLegend {
  const names = paintings.map((p) => p.name);
  const painted = regions.target ? mapColours(regions.target.image) : [];
  const shown = [...painted, ...palette.filter((c) => !painted.some((p) => colourKey(p.colour) === colourKey(c))).map((colour) => ({ colour, share: 0 }))];
  const maps = paintings.map((p) => regions.paintings.find((m) => m.painting === p.image));
  const unpaintedPart = regions.target && painted.reduce((sum, c) => sum + c.share, 0) < 0.999;
  if (maps.some(Boolean)) {
    const mapped = maps.map((map) => (map ? mapColours(map.image) : []));
    const pairs = mapped.map((colours) => pairRegions(shown, colours));
    const colours = shown.map(({ colour, share }, i) => {
      const owners = pairs.flatMap((paired, k) => (paired[i] === undefined ? [] : [`${paintingName(names, k)}’s ${colourWord(mapped[k][paired[i]!].colour)} region`]));
      return owners.length > 0
        ? { colour, share, text: owners.join(' and ') }
        : { colour, share, text: 'no painting’s map has this colour: it takes the whole painting’s style', unmatched: true };
    });
    const unused = mapped.flatMap((own, k) =>
      own.filter((_, j) => !pairs[k].includes(j)).map(({ colour }) => `${colourWord(colour)} in ${paintingName(names, k)}’s map`),
    );
    const unpainted = unpaintedPart ? (regions.doodle ? 'takes the whole painting’s style' : 'the photo stays') : undefined;
    return { mode: 'pairs', colours, unpainted, unused };
  }
  const colours = shown.map(({ colour, share }, order) => {
    const assignment = assignmentOf(regions, colour, order, paintings.length);
    return { colour, share, assignment, text: assignment === 'photo' ? 'the photo stays' : paintingName(names, assignment) };
  });
  return { mode: 'assign', colours, unpainted: unpaintedPart ? 'the photo stays' : undefined, unused: [] };
}
