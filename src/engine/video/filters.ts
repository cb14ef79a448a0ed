import * as tf from '@tensorflow/tfjs';

/** [1, h, w, c] with its border pixels repeated once on every side: [1, h + 2, w + 2, c]. */
function padEdge(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const rows = tf.concat([tf.slice(x, [0, 0, 0, 0], [-1, 1, -1, -1]), x, tf.slice(x, [0, h - 1, 0, 0], [-1, 1, -1, -1])], 1);
    return tf.concat([tf.slice(rows, [0, 0, 0, 0], [-1, -1, 1, -1]), rows, tf.slice(rows, [0, 0, w - 1, 0], [-1, -1, 1, -1])], 2) as tf.Tensor4D;
  });
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

/** The mean of each pixel's four neighbours: the smoothness term's pull. */
export function neighbourMean(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const { up, down, left, right } = neighbours(x);
    return tf.mul(tf.addN([up, down, left, right]), 0.25) as tf.Tensor4D;
  });
}

/** The 3×3 mean of each pixel, the border repeated. */
export function boxBlur(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.avgPool(padEdge(x), 3, 1, 'valid') as tf.Tensor4D);
}
