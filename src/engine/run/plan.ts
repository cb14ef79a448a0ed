import { fitLongSide, type Size } from '../image/size';
import { scaleSizes } from './schedule';
import { MIN_STYLE_SIZE, type StyleSettings } from '../settings';
import { tileLayout, type Tile } from '../image/tiles';

/** One scale of a run: the image size there, the tiles it is optimised in and the iterations of each. */
export interface ScalePlan {
  size: Size;
  tiles: Tile[];
  iterations: number;
}

export type PlanSettings = Pick<StyleSettings, 'size' | 'scales' | 'tileSize' | 'iterations' | 'coarseIterations'>;

/**
 * An iteration's time with each style term, against the classic one's: INetwork's Gram matrices at
 * all 16 layers cost 1.56x (wasm, 256 px, docs/benchmarks.md, 2026-12-06). The device's speed is
 * kept per classic iteration, so that one kind of run tells the time of the other.
 */
export const STYLE_TERM_COST: Record<StyleSettings['styleTerm'], number> = { gram: 1, inetwork: 1.56 };

/** The scales of a run for a photo of `content`'s size, each split into tiles of `tileSize`. */
export function planRun(content: Size, settings: PlanSettings): ScalePlan[] {
  const sizes = scaleSizes(settings.size, settings.scales);
  const coarse = Math.min(settings.coarseIterations, settings.iterations);
  return sizes.map((longSide, i) => {
    const size = fitLongSide(content, longSide);
    return { size, tiles: tileLayout(size, settings.tileSize), iterations: i === sizes.length - 1 ? settings.iterations : coarse };
  });
}

/** The image (or tile) a run's first iteration optimises: its shapes are the first a GPU compiles shaders for. */
export function firstStepSize(content: Size, settings: PlanSettings): Size {
  const [{ width, height }] = planRun(content, settings)[0].tiles;
  return { width, height };
}

/** Pixels × iterations over the tiles of `scales`: what the run's time is proportional to. */
export function pixelIterations(scales: ScalePlan[]): number {
  return scales.reduce((sum, { tiles, iterations }) => sum + tiles.reduce((s, t) => s + t.width * t.height * iterations, 0), 0);
}

/** A forward pass alone (targets) costs about half an iteration, which is a forward and a backward pass. */
const FORWARD_SHARE = 0.5;

/**
 * Seconds a run will take on a device that does an iteration of a megapixel in
 * `secondsPerMegapixel` (an iteration's time grows about linearly with its pixels): the
 * iterations of every tile, plus the forward passes that make each scale's targets (the
 * paintings, of `styles` sizes, seen at the style scale; the photo under each tile).
 */
export function estimateSeconds(
  content: Size,
  settings: PlanSettings & Pick<StyleSettings, 'styleScale' | 'styleTerm'>,
  secondsPerMegapixel: number,
  styles: Size[] = [],
): number {
  const plan = planRun(content, settings);
  const targets = plan.reduce((sum, { size, tiles }) => {
    const longSide = Math.max(MIN_STYLE_SIZE, Math.round(Math.max(size.width, size.height) * settings.styleScale));
    const stylePixels = styles.map((s) => fitLongSide(s, longSide)).reduce((n, s) => n + s.width * s.height, 0);
    return sum + stylePixels + pixelIterations([{ size, tiles, iterations: 1 }]);
  }, 0);
  return ((pixelIterations(plan) * STYLE_TERM_COST[settings.styleTerm] + FORWARD_SHARE * targets) / 1e6) * secondsPerMegapixel;
}
