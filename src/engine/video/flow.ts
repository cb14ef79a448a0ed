import * as tf from '@tensorflow/tfjs';
import { PIXEL_MAX, resizeImage } from '../image/image';
import { boxBlur, gradients, median3x3, neighbourSteps, tiedNeighbourSum } from './filters';
import { landsInside, warp } from './warp';

/** The coarsest level of the pyramid: its short side no smaller than this. */
const COARSEST_SIDE = 12;
/** Times each level re-warps the second picture by the flow so far and refines it. */
const WARPS = 3;
/** Jacobi sweeps of each refinement. */
const SWEEPS = 30;
/**
 * The smoothness weight (Horn–Schunck's α², brightness on 0..1): where the picture has too little
 * texture to show the motion, the flow of its neighbours fills in.
 */
const SMOOTHNESS = 2e-3;
/**
 * The step in the flow (pixels) past which neighbours let go of each other: the smoothness is
 * Geman–McClure's rather than quadratic, its weights taken from the flow before each refinement,
 * so that a moving thing's motion stops at its edge instead of fading out over the background it
 * uncovers, where the consistency check could then not see that going back and forth disagrees.
 */
const FLOW_STEP = 0.2;
/**
 * The colour step (RGB on 0..1, over a 3×3 mean) at which neighbours lie across an edge of the
 * picture, and the most such an edge multiplies their squared flow step by: a moving thing's
 * outline is an edge, so its motion lets go there at FLOW_STEP / √3 and stops at it instead of
 * spilling a few pixels onto the background it uncovers (image-driven smoothness, as in DeepFlow
 * and Sun, Roth & Black). Only where the flow steps too, so the texture inside a region keeps its
 * smoothness. With 4, 48×36 clips trusted under 60% of their pixels; uncapped, the flow's
 * endpoint error grew from 0.57 to 0.60 px.
 */
const EDGE_STEP = 0.03;
const EDGE_SHARPENING = 3;

/** Brightness on 0..1, [1, h, w, 1], lightly blurred so that its derivatives see more than one pixel. */
function brightness(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => boxBlur(tf.div(tf.mean(rgb, 3, true), PIXEL_MAX) as tf.Tensor4D));
}

/**
 * How much each pixel's flow step to its four neighbours counts, [1, h, w, 4]: 1 inside a region
 * of the picture, up to EDGE_SHARPENING across an edge (EDGE_STEP).
 */
function edgeSharpening(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const steps = neighbourSteps(boxBlur(tf.div(rgb, PIXEL_MAX) as tf.Tensor4D));
    return tf.minimum(tf.add(1, tf.div(steps, EDGE_STEP * EDGE_STEP)), EDGE_SHARPENING) as tf.Tensor4D;
  });
}

/** The flow at `size`, its vectors scaled with the grid. */
function resizeFlow(flow: tf.Tensor4D, size: { width: number; height: number }): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = flow.shape;
    const resized = tf.image.resizeBilinear(flow, [size.height, size.width], false, true);
    return tf.mul(resized, tf.tensor1d([size.width / width, size.height / height])) as tf.Tensor4D;
  });
}

/**
 * One level's refinement of `flow` (Horn–Schunck with warping, its smoothness robust, FLOW_STEP,
 * and sharper across the picture's edges, `sharpening`):
 * `second` is warped back by the flow so far, and the remaining motion solved for in the
 * linearised brightness constancy, pixels whose match lies outside the frame left to the
 * smoothness term. The data term is each pixel's own: averaged over 3×3 (Bruhn et al.'s
 * combined local-global method) it carried a moving edge's motion onto the pixels beside it.
 */
function refine(first: tf.Tensor4D, second: tf.Tensor4D, flow: tf.Tensor4D, sharpening: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const warped = warp(second, flow);
    const a = gradients(first);
    const b = gradients(warped);
    const inside = tf.cast(landsInside(flow), 'float32');
    const ix = tf.mul(tf.mul(tf.add(a.dx, b.dx), 0.5), inside);
    const iy = tf.mul(tf.mul(tf.add(a.dy, b.dy), 0.5), inside);
    const it = tf.mul(tf.sub(warped, first), inside);
    const [j11, j12, j22, j13, j23] = [tf.mul(ix, ix), tf.mul(ix, iy), tf.mul(iy, iy), tf.mul(ix, it), tf.mul(iy, it)];
    // Geman–McClure's weights: 1 / (1 + step² / FLOW_STEP²), the step sharpened at edges.
    const ties = tf.reciprocal(tf.add(1, tf.mul(tf.mul(neighbourSteps(flow), sharpening), 1 / (FLOW_STEP * FLOW_STEP)))) as tf.Tensor4D;
    const meanTie = tf.mean(ties, 3, true);
    const a11 = tf.add(j11, tf.mul(meanTie, SMOOTHNESS));
    const a22 = tf.add(j22, tf.mul(meanTie, SMOOTHNESS));
    const determinant = tf.sub(tf.mul(a11, a22), tf.mul(j12, j12));
    // Constant over the sweeps, taken out of them: each neighbour's pull (the mean of four, times
    // the smoothness weight), the pull of the level's flow with the data term, the 2×2 inverse.
    const pulls = tf.split(tf.mul(ties, SMOOTHNESS / 4), 4, 3) as tf.Tensor4D[];
    const fixed = tf.add(tf.mul(flow, tf.mul(meanTie, SMOOTHNESS)), tf.concat([j13, j23], 3));
    const diagonal = tf.div(tf.concat([a22, a11], 3), determinant);
    const across = tf.div(j12, determinant);
    let total = flow;
    for (let sweep = 0; sweep < SWEEPS; sweep++) {
      total = tf.tidy(() => {
        // The right-hand side [ru, rv]: the neighbours' tied pull as a change from the level's flow, less the data term.
        const r = tf.sub(tiedNeighbourSum(total, pulls), fixed);
        // [stepU, stepV] = [a22·ru − j12·rv, a11·rv − j12·ru] / determinant.
        return tf.add(flow, tf.sub(tf.mul(r, diagonal), tf.mul(tf.reverse(r, 3), across))) as tf.Tensor4D;
      });
    }
    return total;
  });
}

/**
 * The optical flow from `first` to `second` (RGB [1, h, w, 3] on 0..255, the same size): for each
 * pixel p of `first`, the shift [u, v] such that first(p) ≈ second(p + [u, v]), [1, h, w, 2].
 * Coarse to fine over an image pyramid, so that motions of many pixels are found; tfjs operations
 * alone, so it runs in the worker on any backend, the GPU's too.
 */
export function opticalFlow(first: tf.Tensor4D, second: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = first.shape;
    const levels: { width: number; height: number }[] = [];
    for (let scale = 1; Math.min(width, height) * scale >= COARSEST_SIDE; scale /= 2) {
      levels.unshift({ width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) });
    }
    const one = brightness(first);
    const two = brightness(second);
    let flow: tf.Tensor4D | undefined;
    for (const size of levels.length > 0 ? levels : [{ width, height }]) {
      flow = tf.tidy(() => {
        const a = resizeImage(one, size);
        const b = resizeImage(two, size);
        const sharpening = edgeSharpening(resizeImage(first, size));
        let level = flow ? resizeFlow(flow, size) : tf.zeros([1, size.height, size.width, 2]) as tf.Tensor4D;
        for (let w = 0; w < WARPS; w++) {
          // Sun, Roth & Black ("Secrets of optical flow estimation"): a median after each warp
          // removes the outliers that the linearisation leaves and sharpens motion boundaries.
          const refined = tf.tidy(() => median3x3(refine(a, b, level, sharpening)));
          level.dispose();
          level = refined;
        }
        return level;
      });
    }
    return flow!;
  });
}
