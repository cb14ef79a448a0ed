import * as tf from '@tensorflow/tfjs';

/** [1, h, w, c] with its border pixels repeated once on every side: [1, h + 2, w + 2, c]. */
function padEdge(x: tf.Tensor4D): tf.Tensor4D {
  // A symmetric mirror of width 1 repeats the border pixel.
  return tf.mirrorPad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], 'symmetric');
}

/** The four neighbours of [1, h, w, c] on the edge-padded grid: up, down, left, right. */
function neighbours(x: tf.Tensor4D): { up: tf.Tensor4D; down: tf.Tensor4D; left: tf.Tensor4D; right: tf.Tensor4D } {
  const [, h, w] = x.shape;
  const padded = padEdge(x);
  const at = (row: number, column: number) => tf.slice(padded, [0, row, column, 0], [-1, h, w, -1]) as tf.Tensor4D;
  const result = { up: at(0, 1), down: at(2, 1), left: at(1, 0), right: at(1, 2) };
  padded.dispose();
  return result;
}

/** Central differences across (x) and down (y), the border repeated. */
export function gradients(image: tf.Tensor4D): { dx: tf.Tensor4D; dy: tf.Tensor4D } {
  return tf.tidy(() => {
    const { up, down, left, right } = neighbours(image);
    return { dx: tf.mul(tf.sub(right, left), 0.5) as tf.Tensor4D, dy: tf.mul(tf.sub(down, up), 0.5) as tf.Tensor4D };
  });
}

/** The squared step from each pixel of `x` to its four neighbours (up, down, left, right) over all channels, [1, h, w, 4]. */
export function neighbourSteps(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const { up, down, left, right } = neighbours(x);
    const squaredStep = (neighbour: tf.Tensor4D) => tf.sum(tf.square(tf.sub(neighbour, x)), 3, true);
    return tf.concat([squaredStep(up), squaredStep(down), squaredStep(left), squaredStep(right)], 3) as tf.Tensor4D;
  });
}

/** The sum of each pixel's four neighbours, each weighted by its tie ([1, h, w, 4], one [1, h, w, 1] a neighbour): the smoothness term's pull. */
export function tiedNeighbourSum(x: tf.Tensor4D, ties: tf.Tensor4D[]): tf.Tensor4D {
  return tf.tidy(() => {
    const { up, down, left, right } = neighbours(x);
    const [toUp, toDown, toLeft, toRight] = ties;
    return tf.addN([tf.mul(up, toUp), tf.mul(down, toDown), tf.mul(left, toLeft), tf.mul(right, toRight)]) as tf.Tensor4D;
  });
}

/** The median of each pixel's 3×3 neighbourhood, channel by channel, the border repeated. */
export function median3x3(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w, c] = x.shape;
    const padded = padEdge(x);
    const window: tf.Tensor4D[] = [];
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) window.push(tf.slice(padded, [0, dy, dx, 0], [-1, h, w, -1]));
    // The 5th largest of the 9.
    const { values } = tf.topk(tf.stack(window, 4), 5);
    return tf.reshape(tf.slice(values, [0, 0, 0, 0, 4], [-1, -1, -1, -1, 1]), [1, h, w, c]) as tf.Tensor4D;
  });
}

/** The 3×3 mean of each pixel, the border repeated. */
export function boxBlur(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.avgPool(padEdge(x), 3, 1, 'valid') as tf.Tensor4D);
}
