import * as tf from '@tensorflow/tfjs';
import { cropTile, type Tile } from '../image/tiles';
import { ContentTerm } from '../loss/contentTerm';
import type { LossTerm } from '../loss/lossTerm';
import { Objective } from '../loss/objective';
import { RegionStyleTargets } from '../loss/regionStyleTargets';
import { RegionStyleTerm } from '../loss/regionStyleTerm';
import type { StyleTargets } from '../loss/styleTargets';
import { StyleTerm } from '../loss/styleTerm';
import { TemporalTerm } from '../loss/temporalTerm';
import { totalVariationTerm } from '../loss/totalVariation';
import type { RunContext } from './context';

/** A scale's pictures that each of its tiles' objectives reads. */
export interface ScaleTargets {
  /** The photo (as the network sees it) at the scale's size; none for a doodle. */
  content?: tf.Tensor4D;
  /** The paintings' Gram matrices: whole, or one set a region. */
  styles: StyleTargets | RegionStyleTargets;
  /** Where the style applies, at the scale's size. */
  mask?: tf.Tensor4D;
  /** The regions over the output ([1, h, w, regions]) at the scale's size, with region targets. */
  regions?: tf.Tensor4D;
  /** A video frame's previous result carried along the motion, and its weights, at the scale's size. */
  temporal?: { warped: tf.Tensor4D; weights: tf.Tensor4D };
}

/** The temporal term of a tile: the warped previous result and its weights under the tile. */
function temporalTerm({ warped, weights }: NonNullable<ScaleTargets['temporal']>, tile: Tile): TemporalTerm {
  const [warpedTile, weightsTile] = [cropTile(warped, tile), cropTile(weights, tile)];
  try {
    return new TemporalTerm(warpedTile, weightsTile);
  } finally {
    tf.dispose([warpedTile, weightsTile]);
  }
}

/** The style term of a tile: over its regions, or the whole paintings' over the mask. */
async function styleTerm({ settings, hooks }: RunContext, scale: ScaleTargets, tile: Tile): Promise<LossTerm | undefined> {
  const { gradients } = hooks;
  if (scale.styles instanceof RegionStyleTargets) {
    const regions = cropTile(scale.regions!, tile);
    try {
      return await RegionStyleTerm.create(scale.styles, regions, settings, gradients);
    } finally {
      regions.dispose();
    }
  }
  const maskTile = scale.mask && cropTile(scale.mask, tile);
  let style: StyleTerm;
  try {
    style = new StyleTerm(scale.styles, settings, { mask: maskTile, gradients });
  } finally {
    maskTile?.dispose();
  }
  if (await style.hasArea()) return style;
  style.dispose();
  return undefined;
}

/**
 * The objective of one tile: Gatys et al.'s content (when there is a photo), style (over the mask
 * or the regions, where there are) and total variation terms, and a video frame's temporal term. Undefined where the mask keeps the
 * photo in the whole tile: nothing to paint.
 */
export async function tileObjective(run: RunContext, scale: ScaleTargets, tile: Tile): Promise<Objective | undefined> {
  const { vgg, settings, hooks } = run;
  const style = await styleTerm(run, scale, tile);
  if (!style) return undefined;
  const terms: LossTerm[] = [style];
  const contentTile = scale.content && cropTile(scale.content, tile);
  try {
    if (contentTile) terms.unshift(new ContentTerm(vgg, contentTile, settings));
    terms.push(totalVariationTerm);
    if (scale.temporal) terms.push(temporalTerm(scale.temporal, tile));
    return new Objective(vgg, terms, { pooling: settings.pooling, gradients: hooks.gradients });
  } catch (error) {
    for (const term of terms) term.dispose();
    throw error;
  } finally {
    contentTile?.dispose();
  }
}
