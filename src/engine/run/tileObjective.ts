import * as tf from '@tensorflow/tfjs';
import { cropTile, type Tile } from '../image/tiles';
import { ContentTerm } from '../loss/contentTerm';
import { InetworkStyleTerm, styleLayerWeights } from '../loss/inetworkStyleTerm';
import type { FeatureTerm, LossTerm } from '../loss/lossTerm';
import { Objective } from '../loss/objective';
import { RegionStyleTargets } from '../loss/regionStyleTargets';
import { RegionStyleTerm } from '../loss/regionStyleTerm';
import type { StyleTargets } from '../loss/styleTargets';
import { StyleTerm } from '../loss/styleTerm';
import { TemporalTerm } from '../loss/temporalTerm';
import { totalVariationTerm } from '../loss/totalVariation';
import type { RunContext } from './context';
import type { TemporalTensors } from './inputs';

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
  /** A video frame's earlier results carried along the motion, and their weights, at the scale's size. */
  temporal?: TemporalTensors[];
}

/** A temporal term of a tile: an earlier result warped and its weights under the tile. */
function temporalTerm({ warped, weights }: TemporalTensors, tile: Tile): TemporalTerm {
  const [warpedTile, weightsTile] = [cropTile(warped, tile), cropTile(weights, tile)];
  try {
    return new TemporalTerm(warpedTile, weightsTile);
  } finally {
    tf.dispose([warpedTile, weightsTile]);
  }
}

/** The Gram term of a tile at the style term's layers: over its regions, or the whole paintings' over the mask. */
async function gramTerm({ settings, hooks }: RunContext, scale: ScaleTargets, tile: Tile): Promise<FeatureTerm | undefined> {
  const { gradients } = hooks;
  const layers = { styleLayers: styleLayerWeights(settings) };
  if (scale.styles instanceof RegionStyleTargets) {
    const regions = cropTile(scale.regions!, tile);
    try {
      return await RegionStyleTerm.create(scale.styles, regions, layers, gradients);
    } finally {
      regions.dispose();
    }
  }
  const maskTile = scale.mask && cropTile(scale.mask, tile);
  let style: StyleTerm;
  try {
    style = new StyleTerm(scale.styles, layers, { mask: maskTile, gradients });
  } finally {
    maskTile?.dispose();
  }
  if (await style.hasArea()) return style;
  style.dispose();
  return undefined;
}

/** The style term of a tile: the Gram term, or INetwork's chain over it. */
async function styleTerm(run: RunContext, scale: ScaleTargets, tile: Tile): Promise<FeatureTerm | undefined> {
  const gram = await gramTerm(run, scale, tile);
  return gram && run.settings.styleTerm === 'inetwork' ? new InetworkStyleTerm(gram) : gram;
}

/**
 * The objective of one tile: Gatys et al.'s content (when there is a photo), style (over the mask
 * or the regions, where there are) and total variation terms, and a video frame's temporal terms.
 * Undefined where the mask keeps the photo in the whole tile: nothing to paint.
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
    for (const held of scale.temporal ?? []) terms.push(temporalTerm(held, tile));
    return new Objective(vgg, terms, { pooling: settings.pooling, gradients: hooks.gradients });
  } catch (error) {
    for (const term of terms) term.dispose();
    throw error;
  } finally {
    contentTile?.dispose();
  }
}
