// Colour preservation (Gatys, Bethge, Hertzmann, Shechtman 2016, "Preserving Color in Neural
// Artistic Style Transfer"): luminance-only transfer, and colour-histogram matching.
import * as tf from '@tensorflow/tfjs';

/** RGB → YCbCr (ITU-R BT.601, full range) as a matrix applied to row vectors, plus offsets. */
const RGB_TO_YCBCR = [
  [0.299, -0.168736, 0.5],
  [0.587, -0.331264, -0.418688],
  [0.114, 0.5, -0.081312],
];
const YCBCR_TO_RGB = [
  [1, 1, 1],
  [0, -0.344136, 1.772],
  [1.402, -0.714136, 0],
];
const CHROMA_OFFSET = [0, 128, 128];

function applyColourMatrix(image: tf.Tensor4D, matrix: number[][]): tf.Tensor4D {
  const [n, h, w] = image.shape;
  return tf.matMul(image.reshape([n * h * w, 3]), tf.tensor2d(matrix)).reshape([n, h, w, 3]);
}

export function rgbToYCbCr(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.add(applyColourMatrix(rgb, RGB_TO_YCBCR), tf.tensor1d(CHROMA_OFFSET)));
}

export function yCbCrToRgb(ycc: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => applyColourMatrix(tf.sub(ycc, tf.tensor1d(CHROMA_OFFSET)), YCBCR_TO_RGB));
}

/** Brightness [1, h, w, 1] of an RGB image. */
function luminance(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => applyColourMatrix(rgb, RGB_TO_YCBCR).slice([0, 0, 0, 0], [-1, -1, -1, 1]));
}

/** The image's brightness as a gray RGB image, which is what VGG19 sees in luminance mode. */
export function grayscale(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.tile(luminance(rgb), [1, 1, 1, 3]) as tf.Tensor4D);
}

/**
 * The painting in gray, its brightness shifted and scaled to the photo's mean and spread, so
 * that luminance-only transfer takes the painting's texture, not its overall lightness.
 */
export function grayscaleMatchedTo(style: tf.Tensor4D, content: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const s = luminance(style);
    const c = luminance(content);
    const sMoments = tf.moments(s);
    const cMoments = tf.moments(c);
    const scale = tf.div(tf.sqrt(cMoments.variance), tf.add(tf.sqrt(sMoments.variance), 1e-5));
    const matched = tf.add(tf.mul(tf.sub(s, sMoments.mean), scale), cMoments.mean);
    return tf.tile(matched, [1, 1, 1, 3]) as tf.Tensor4D;
  });
}

/** The brightness of `styled` with the colours (chroma) of `content`, which has its size. */
export function withColoursOf(styled: tf.Tensor4D, content: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const y = rgbToYCbCr(styled).slice([0, 0, 0, 0], [-1, -1, -1, 1]);
    const chroma = rgbToYCbCr(content).slice([0, 0, 0, 1], [-1, -1, -1, 2]);
    return yCbCrToRgb(tf.concat([y, chroma], 3));
  });
}

type Matrix3 = number[][];

const multiply = (a: Matrix3, b: Matrix3): Matrix3 =>
  a.map((row) => [0, 1, 2].map((j) => row[0] * b[0][j] + row[1] * b[1][j] + row[2] * b[2][j]));

/** Eigen-decomposition of a symmetric 3×3 matrix by Jacobi rotations: vectors are columns. */
export function symmetricEigen(matrix: Matrix3): { values: number[]; vectors: Matrix3 } {
  const a = matrix.map((row) => [...row]);
  let v: Matrix3 = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0][1] ** 2 + a[0][2] ** 2 + a[1][2] ** 2;
    if (off < 1e-20) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      if (Math.abs(a[p][q]) < 1e-30) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      const rotation: Matrix3 = [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ];
      rotation[p][p] = c;
      rotation[q][q] = c;
      rotation[p][q] = s;
      rotation[q][p] = -s;
      const rotated = multiply(multiply(rotation.map((_, i) => rotation.map((row) => row[i])), a), rotation);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a[i][j] = rotated[i][j];
      v = multiply(v, rotation);
    }
  }
  return { values: [a[0][0], a[1][1], a[2][2]], vectors: v };
}

/** M^power for a symmetric positive semi-definite 3×3 matrix (eigenvalues floored at `floor`). */
function symmetricPower(matrix: Matrix3, power: number, floor = 1e-3): Matrix3 {
  const { values, vectors } = symmetricEigen(matrix);
  const scaled = vectors.map((row) => row.map((x, j) => x * Math.max(values[j], floor) ** power));
  return multiply(scaled, vectors.map((_, i) => vectors.map((row) => row[i])));
}

async function colourStatistics(image: tf.Tensor4D): Promise<{ mean: number[]; covariance: Matrix3 }> {
  const [meanT, covT] = tf.tidy(() => {
    const pixels = image.reshape([-1, 3]);
    const mean = tf.mean(pixels, 0);
    const centred = tf.sub(pixels, mean);
    return [mean, tf.div(tf.matMul(centred, centred, true, false), pixels.shape[0])];
  });
  const [mean, cov] = await Promise.all([meanT.data(), covT.data()]);
  tf.dispose([meanT, covT]);
  return { mean: [...mean], covariance: [0, 1, 2].map((i) => [...cov.slice(i * 3, i * 3 + 3)]) };
}

/**
 * The painting recoloured to the photo's colour statistics: x' = A (x − μs) + μc with
 * A = Σc^½ Σs^−½, so its mean colour and colour covariance become the photo's.
 */
export async function matchColourHistogram(style: tf.Tensor4D, content: tf.Tensor4D): Promise<tf.Tensor4D> {
  const [s, c] = await Promise.all([colourStatistics(style), colourStatistics(content)]);
  const transform = multiply(symmetricPower(c.covariance, 0.5), symmetricPower(s.covariance, -0.5));
  return tf.tidy(() => {
    const centred = tf.sub(style, tf.tensor1d(s.mean)) as tf.Tensor4D;
    // Row vectors: x' = x Aᵀ.
    const transposed = transform.map((_, i) => transform.map((row) => row[i]));
    return tf.clipByValue(tf.add(applyColourMatrix(centred, transposed), tf.tensor1d(c.mean)), 0, 255) as tf.Tensor4D;
  });
}
