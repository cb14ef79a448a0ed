import * as tf from '@tensorflow/tfjs';

/**
 * Where each pixel's flow lands: x + u and y + v, as two [1, h, w, 1] tensors of source
 * coordinates. A flow is [1, h, w, 2] in pixels (u across, v down).
 */
export function flowTargets(flow: tf.Tensor4D): { x: tf.Tensor4D; y: tf.Tensor4D } {
  return tf.tidy(() => {
    const [, height, width] = flow.shape;
    const [u, v] = tf.split(flow, 2, 3) as [tf.Tensor4D, tf.Tensor4D];
    const columns = tf.reshape(tf.range(0, width, 1, 'float32'), [1, 1, width, 1]);
    const rows = tf.reshape(tf.range(0, height, 1, 'float32'), [1, height, 1, 1]);
    return { x: tf.add(u, columns) as tf.Tensor4D, y: tf.add(v, rows) as tf.Tensor4D };
  });
}

/** Where `flow` lands inside the frame, [1, h, w, 1] boolean. */
export function landsInside(flow: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = flow.shape;
    const { x, y } = flowTargets(flow);
    return tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, width - 1)), tf.logicalAnd(tf.greaterEqual(y, 0), tf.lessEqual(y, height - 1))) as tf.Tensor4D;
  });
}

/**
 * `image` ([1, h, w, c]) sampled where `flow` points: out(p) = image(p + flow(p)), bilinear,
 * clamped at the border. Plain gathers, so it runs on every tfjs backend (wasm has no Transform).
 */
export function warp(image: tf.Tensor4D, flow: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width, channels] = image.shape;
    const targets = flowTargets(flow);
    const x = tf.clipByValue(targets.x, 0, width - 1);
    const y = tf.clipByValue(targets.y, 0, height - 1);
    const x0 = tf.floor(x);
    const y0 = tf.floor(y);
    const x1 = tf.minimum(tf.add(x0, 1), width - 1);
    const y1 = tf.minimum(tf.add(y0, 1), height - 1);
    const fx = tf.sub(x, x0);
    const fy = tf.sub(y, y0);
    const pixels = tf.reshape(image, [height * width, channels]);
    const at = (row: tf.Tensor, column: tf.Tensor) =>
      tf.reshape(tf.gather(pixels, tf.reshape(tf.cast(tf.add(tf.mul(row, width), column), 'int32'), [-1])), [1, height, width, channels]);
    const top = tf.add(tf.mul(at(y0, x0), tf.sub(1, fx)), tf.mul(at(y0, x1), fx));
    const bottom = tf.add(tf.mul(at(y1, x0), tf.sub(1, fx)), tf.mul(at(y1, x1), fx));
    return tf.add(tf.mul(top, tf.sub(1, fy)), tf.mul(bottom, fy)) as tf.Tensor4D;
  });
}
