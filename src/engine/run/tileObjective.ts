import type * as tf from '@tensorflow/tfjs';
import { cropTile, type Tile } from '../image/tiles';
import { ContentTerm } from '../loss/contentTerm';
import type { LossTerm } from '../loss/lossTerm';
import { Objective } from '../loss/objective';
import type { StyleTargets } from '../loss/styleTargets';
import { StyleTerm } from '../loss/styleTerm';
import { totalVariationTerm } from '../loss/totalVariation';
import type { RunContext } from './context';

/** A scale's pictures that each of its tiles' objectives reads. */
export interface ScaleTargets {
  /** The photo (as the network sees it) at the scale's size. */
  content: tf.Tensor4D;
  styles: StyleTargets;
  /** Where the style applies, at the scale's size. */
  mask?: tf.Tensor4D;
}

/**
 * The objective of one tile: Gatys et al.'s content, style (over the mask, where there is one) and
 * total variation terms. Undefined where the mask keeps the photo in the whole tile: nothing to paint.
 */
export async function tileObjective({ vgg, settings, hooks }: RunContext, scale: ScaleTargets, tile: Tile): Promise<Objective | undefined> {
  const { gradients } = hooks;
  const maskTile = scale.mask && cropTile(scale.mask, tile);
  let style: StyleTerm;
  try {
    style = new StyleTerm(scale.styles, settings, { mask: maskTile, gradients });
  } finally {
    maskTile?.dispose();
  }
  if (!(await style.hasArea())) {
    style.dispose();
    return undefined;
  }
  const terms: LossTerm[] = [style];
  const contentTile = cropTile(scale.content, tile);
  try {
    terms.unshift(new ContentTerm(vgg, contentTile, settings));
    terms.push(totalVariationTerm);
    return new Objective(vgg, terms, { pooling: settings.pooling, gradients });
  } catch (error) {
    for (const term of terms) term.dispose();
    throw error;
  } finally {
    contentTile.dispose();
  }
}
