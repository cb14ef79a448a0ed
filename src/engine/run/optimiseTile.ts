import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../image/image';
import type { Size } from '../image/size';
import { blendTile, tileStart, type Tile } from '../image/tiles';
import { createOptimizer } from '../optimise/createOptimizer';
import type { ImageOptimizer } from '../optimise/optimizer';
import type { RunContext } from './context';
import type { Finish } from './finish';
import { tileObjective, type ScaleTargets } from './tileObjective';

/** A scale's image as its tiles finish, as RGB floats on the CPU, where finished tiles are blended in. */
export interface ScaleCanvas {
  size: Size;
  /** The image the scale started from. */
  initial: Float32Array;
  /** The image now: the start, with each finished tile blended in. */
  pixels: Float32Array;
  done: Tile[];
}

/** One scale's state that its tiles share. */
export interface ScaleState {
  index: number;
  targets: ScaleTargets;
  canvas: ScaleCanvas;
  finish: Finish;
}

/** The whole picture as it is now, finished for the eye: the tile being optimised laid on the canvas. */
async function snapshot(scale: ScaleState, tiles: readonly Tile[], tile: Tile, optimizer: ImageOptimizer): Promise<RgbaImage> {
  if (tiles.length === 1) return scale.finish.toImage(optimizer.image);
  const { size, pixels, done } = scale.canvas;
  const composed = pixels.slice();
  blendTile(composed, size, tile, await optimizer.image.data(), done);
  const whole = tf.tensor4d(composed, [1, size.height, size.width, 3]);
  try {
    return await scale.finish.toImage(whole);
  } finally {
    whole.dispose();
  }
}

/**
 * Optimises one tile of a scale for the scale's iterations (fewer when the run is stopped), then
 * blends it into the canvas. The controls are read between iterations.
 */
export async function optimiseTile(run: RunContext, scale: ScaleState, tileIndex: number): Promise<void> {
  const { controls, progress, hooks, settings } = run;
  const { size, tiles, iterations } = run.plan[scale.index];
  const { canvas } = scale;
  const tile = tiles[tileIndex];
  const objective = await tileObjective(run, scale.targets, tile);
  if (!objective) {
    progress.skip(iterations);
    canvas.done.push(tile);
    return;
  }
  let optimizer: ImageOptimizer | undefined;
  try {
    const start = tf.tensor4d(tileStart(canvas.pixels, canvas.initial, size, tile, canvas.done, tiles), [1, tile.height, tile.width, 3]);
    try {
      optimizer = createOptimizer(settings, start);
    } finally {
      start.dispose();
    }
    const current = optimizer;
    progress.restartClock();
    for (let iteration = 1; iteration <= iterations; iteration++) {
      if (await controls.waitWhilePaused()) progress.restartClock();
      if (controls.ended) break;
      if (controls.takeWeightsChange()) current.reset();
      const step = await current.step((x) => objective.evaluate(x, controls.weights));
      await hooks.onIteration?.(progress.iterated({ scaleIndex: scale.index, tileIndex, iteration }, step), () =>
        snapshot(scale, tiles, tile, current),
      );
    }
    if (controls.cancelled) return;
    blendTile(canvas.pixels, size, tile, await current.image.data(), canvas.done);
    canvas.done.push(tile);
  } finally {
    optimizer?.dispose();
    objective.dispose();
  }
}
