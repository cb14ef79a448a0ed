import * as tf from '@tensorflow/tfjs';
import { resizeImage } from '../image/image';
import { tileLayout } from '../image/tiles';
import { activationShift, styleLayerWeights } from '../loss/inetworkStyleTerm';
import { RegionStyleTargets } from '../loss/regionStyleTargets';
import { normalisedLayers, StyleTargets } from '../loss/styleTargets';
import { MIN_TILE_SIZE } from '../settings';
import type { RunContext } from './context';
import type { Finish } from './finish';
import { stylesAtScale, type PreparedInputs } from './inputs';
import { optimiseTile, type ScaleCanvas } from './optimiseTile';
import { isOutOfMemory } from './outOfMemory';

/**
 * Optimises scale `index` tile by tile on `canvas`: the paintings' Gram matrices at this scale
 * first (in tiles of `tileSize`, shared by all the image's tiles), then each tile in turn.
 */
async function optimiseScale(run: RunContext, index: number, prepared: PreparedInputs, finish: Finish, canvas: ScaleCanvas, tileSize: number): Promise<void> {
  const { vgg, settings, plan, controls } = run;
  const { size, tiles } = plan[index];
  const content = prepared.hasPhoto ? resizeImage(prepared.content, size) : undefined;
  const regions = prepared.regions && resizeImage(prepared.regions.targets, size);
  const temporal = prepared.temporal?.map(({ warped, weights }) => ({ warped: resizeImage(warped, size), weights: resizeImage(weights, size) }));
  let styles: StyleTargets | RegionStyleTargets | undefined;
  try {
    const paintings = stylesAtScale(prepared.styles, size, settings.styleScale);
    try {
      const layers = normalisedLayers(styleLayerWeights(settings)).map(([layer]) => layer);
      const shift = activationShift(settings);
      styles = prepared.regions
        ? RegionStyleTargets.compute(vgg, paintings, prepared.regions.sources, layers, settings.pooling, tileSize, shift)
        : StyleTargets.compute(vgg, paintings, layers, settings.pooling, tileSize, shift);
    } finally {
      tf.dispose(paintings.map((p) => p.image));
    }
    const scale = { index, targets: { content, styles, mask: finish.mask, regions, temporal }, canvas, finish };
    for (let tileIndex = 0; tileIndex < tiles.length && !controls.ended; tileIndex++) {
      await optimiseTile(run, scale, tileIndex);
    }
  } finally {
    content?.dispose();
    regions?.dispose();
    tf.dispose(temporal?.flatMap((held) => [held.warped, held.weights]) ?? []);
    styles?.dispose();
  }
}

/**
 * Optimises scale `index` from `initial` (its start image, as RGB floats) and returns its image.
 * A step that does not fit in memory does the scale again in tiles of half the size, down to
 * MIN_TILE_SIZE, and says so.
 */
export async function optimiseScaleInTilesThatFit(
  run: RunContext,
  index: number,
  prepared: PreparedInputs,
  finish: Finish,
  initial: Float32Array,
  tileSize: number,
): Promise<Float32Array> {
  const { plan, progress, hooks } = run;
  for (;;) {
    const { size, iterations } = plan[index];
    const canvas: ScaleCanvas = { size, initial, pixels: new Float32Array(initial), done: [] };
    const before = progress.done;
    try {
      await optimiseScale(run, index, prepared, finish, canvas, tileSize);
      return canvas.pixels;
    } catch (error) {
      const smaller = Math.floor(Math.min(tileSize, Math.max(size.width, size.height)) / 2);
      if (!isOutOfMemory(error) || smaller < MIN_TILE_SIZE) throw error;
      tileSize = smaller;
      plan[index] = { size, tiles: tileLayout(size, tileSize), iterations };
      progress.rewindTo(before);
      hooks.onNotice?.(`Out of memory at ${size.width}×${size.height}; continuing in ${plan[index].tiles.length} tiles of ${tileSize} px.`);
    }
  }
}
