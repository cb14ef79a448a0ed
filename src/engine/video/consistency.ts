import * as tf from '@tensorflow/tfjs';
import { boxBlur, gradients } from './filters';
import { landsInside, warp } from './warp';

/*
 * The thresholds of Ruder et al.'s consistency check (artistic-videos' consistencyChecker):
 * a pixel whose way back and forth does not return within a small part of its motion is
 * disoccluded; one where the flow changes steeply lies on a motion boundary. The round trip may
 * miss by 2 px² here, not their 0.5: this flow is rougher than DeepFlow's in textureless parts,
 * where a miss costs nothing, and a disocclusion misses by far more.
 */
const ROUND_TRIP_RELATIVE = 0.01;
const ROUND_TRIP_PIXELS = 2;
const BOUNDARY_RELATIVE = 0.01;
const BOUNDARY_PIXELS = 0.002;
/**
 * Beyond Ruder et al.: a pixel whose colour the flow does not carry over (mean of its 3×3, 0..255
 * levels) is not trusted either. The smoothness of this flow spreads a moving thing's motion over
 * the background it uncovers, where going back and forth then agrees; the colours there do not.
 */
const COLOUR_MISMATCH = 24;
/**
 * Pixels within this many of a failed round trip or a motion boundary are not trusted either: the
 * flow carries a moving edge's motion a pixel or more onto the background it uncovers, where going
 * back and forth then agrees. 2 caught more of that background but left 48×36 frames about half
 * trusted, near the shot-cut rule's line.
 */
const UNTRUSTED_REACH = 1;
/**
 * Failures where the motion jumps reach further, REACH_PER_JUMP pixels a pixel of the jump within
 * JUMP_WINDOW: on a flat patch the flow carries a moving thing's motion as far as its pyramid's
 * coarse levels spread it, several pixels at 256×192 (2026-12-06: the uncovered background caught
 * 100%, 100%, 85% from 91%, 69%, 67%). That spread is a share of the frame, so the reach grows to
 * one pixel in SIDE_PER_REACH of the shorter side: none further at 48×36, where most of the
 * picture lies near a motion boundary.
 */
const REACH_PER_JUMP = 2;
const JUMP_WINDOW = 9;
const SIDE_PER_REACH = 38;

const squaredLength = (flow: tf.Tensor4D) => tf.sum(tf.square(flow), 3, true);

/** Each channel's maximum over the side × side square around each pixel: a column's then a row's, as a square pool costs side² a pixel. */
function squareMax(x: tf.Tensor4D, side: number): tf.Tensor4D {
  return tf.tidy(() => tf.maxPool(tf.maxPool(x, [side, 1], 1, 'same'), [1, side], 1, 'same'));
}

/**
 * Where the motion into frame t can be trusted, [1, h, w, 1]: 1, or 0 where `backward` (frame t
 * to frame t-1) points outside frame t-1, where following it and then `forward` (frame t-1 to
 * frame t) does not come back (the pixel was hidden in frame t-1), on motion boundaries, and
 * where frame t-1 (`previous`) warped by it does not match frame t (`frame`), RGB on 0..255; the
 * failed round trips and boundaries widened by UNTRUSTED_REACH.
 */
export function consistencyWeights(backward: tf.Tensor4D, forward: tf.Tensor4D, frame: tf.Tensor4D, previous: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const mismatch = boxBlur(tf.mean(tf.abs(tf.sub(warp(previous, backward), frame)), 3, true) as tf.Tensor4D);
    const matches = tf.lessEqual(mismatch, COLOUR_MISMATCH);
    const inside = landsInside(backward);
    const forwardThere = warp(forward, backward);
    const roundTrip = squaredLength(tf.add(backward, forwardThere) as tf.Tensor4D);
    const returns = tf.lessEqual(roundTrip, tf.add(tf.mul(tf.add(squaredLength(backward), squaredLength(forwardThere)), ROUND_TRIP_RELATIVE), ROUND_TRIP_PIXELS));
    const { dx, dy } = gradients(backward);
    const steepness = tf.add(squaredLength(dx), squaredLength(dy));
    const smooth = tf.lessEqual(steepness, tf.add(tf.mul(squaredLength(backward), BOUNDARY_RELATIVE), BOUNDARY_PIXELS));
    const fails = tf.cast(tf.logicalNot(tf.logicalAnd(returns, smooth)), 'float32') as tf.Tensor4D;
    // How far the flow's motion differs within JUMP_WINDOW: the max pools of the flow and of its negative.
    const jump = tf.sqrt(squaredLength(tf.add(squareMax(backward, JUMP_WINDOW), squareMax(tf.neg(backward) as tf.Tensor4D, JUMP_WINDOW)) as tf.Tensor4D));
    const [, h, w] = backward.shape;
    const furthest = Math.max(UNTRUSTED_REACH, Math.floor(Math.min(h, w) / SIDE_PER_REACH));
    // A dilation of the failures (max pools), each reaching as far as REACH_PER_JUMP times the jump around it allows.
    const reaches: tf.Tensor4D[] = [];
    for (let reach = UNTRUSTED_REACH; reach <= furthest; reach++) {
      const failsHere = reach === UNTRUSTED_REACH ? fails : tf.mul(fails, tf.cast(tf.greaterEqual(tf.mul(jump, REACH_PER_JUMP), reach), 'float32'));
      reaches.push(squareMax(failsHere as tf.Tensor4D, 2 * reach + 1));
    }
    const untrusted = tf.max(tf.concat(reaches, 3), 3, true);
    return tf.mul(tf.cast(tf.logicalAnd(inside, matches), 'float32'), tf.sub(1, untrusted)) as tf.Tensor4D;
  });
}
