import * as tf from '@tensorflow/tfjs';
import { profiled } from '../profile/stepProfile';

/** Side below which a pyramid level is too coarse to carry anything of the picture. */
const MIN_LEVEL_SIDE = 4;
/**
 * How much more each coarser level weighs than the one below it. Measured at 256 px with 3 levels
 * (winter-wolf and the_scream, iterations to the classic run's 300-iteration loss): 2 beats 1,
 * 1.5 and 4. Not re-measured with the 5 levels used now.
 */
const LEVEL_GAIN = 2;

/**
 * The pyramid preconditioner of L-BFGS: M = I + Σₖ gainᵏ·Uₖ·Dₖ, where Dₖ averages blocks of
 * 2ᵏ×2ᵏ pixels and Uₖ brings the means back up bilinearly. Applied to a gradient it adds the
 * gradient's smooth, coarser versions, so a step moves broad areas together as well as single
 * pixels: per-pixel steps are ill-conditioned for broad shapes (their gradient is spread thin
 * over many pixels), which is what makes the long tail of a Gatys run slow. The bilinear way up
 * leaves no block edges in the picture, which the exactly symmetric block-replicating version
 * did; M is close to symmetric and positive, and L-BFGS checks that each direction goes downhill.
 */
export function pyramidPrecondition(q: tf.Tensor4D, levels: number): tf.Tensor4D {
  return profiled('preconditioner', () => tf.tidy(() => {
    const [, height, width] = q.shape;
    let result = q;
    let means = q;
    for (let k = 1; k <= levels; k++) {
      if (Math.max(...means.shape.slice(1, 3)) / 2 < MIN_LEVEL_SIDE) break;
      // Each level's means from the one below: the same as 2ᵏ×2ᵏ blocks where the sizes divide.
      means = tf.avgPool(means, 2, 2, 'same');
      const up = tf.image.resizeBilinear(means, [height, width], false, true);
      result = tf.add(result, tf.mul(up, LEVEL_GAIN ** k)) as tf.Tensor4D;
    }
    return result;
  }));
}
