import { fitLongSide, scaleSizes, type Size } from './schedule';
import type { StyleSettings } from './settings';
import { tileLayout, type Tile } from './tiles';

/** One scale of a run: the image size there and the tiles it is optimised in. */
export interface ScalePlan {
  size: Size;
  tiles: Tile[];
}

/** The scales of a run for a photo of `content`'s size, each split into tiles of `tileSize`. */
export function planRun(content: Size, settings: Pick<StyleSettings, 'size' | 'scales' | 'tileSize'>): ScalePlan[] {
  return scaleSizes(settings.size, settings.scales).map((longSide) => {
    const size = fitLongSide(content, longSide);
    return { size, tiles: tileLayout(size, settings.tileSize) };
  });
}

/** Pixels × iterations over the tiles of `scales`: what the run's time is proportional to. */
export function pixelIterations(scales: ScalePlan[], iterations: number): number {
  return scales.reduce((sum, { tiles }) => sum + tiles.reduce((s, t) => s + t.width * t.height * iterations, 0), 0);
}

/**
 * Seconds a run will take on a device that does an iteration of a megapixel in
 * `secondsPerMegapixel` (the time of an iteration grows about linearly with its pixels).
 */
export function estimateSeconds(
  content: Size,
  settings: Pick<StyleSettings, 'size' | 'scales' | 'tileSize' | 'iterations'>,
  secondsPerMegapixel: number,
): number {
  return (pixelIterations(planRun(content, settings), settings.iterations) / 1e6) * secondsPerMegapixel;
}
