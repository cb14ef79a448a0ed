import * as tf from '@tensorflow/tfjs';
import type { Size } from './size';

/** Pixels as the browser's ImageData has them: RGBA, 8 bits a channel, row by row. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** Pixel values live on VGG's 0..255 scale throughout the engine. */
export const PIXEL_MAX = 255;

/** RGBA pixels to an RGB float tensor [1, h, w, 3] on 0..255; transparency is laid on white. */
export function imageToTensor({ width, height, data }: RgbaImage): tf.Tensor4D {
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0, q = 0; p < data.length; p += 4, q += 3) {
    const alpha = data[p + 3] / 255;
    const white = PIXEL_MAX * (1 - alpha);
    rgb[q] = data[p] * alpha + white;
    rgb[q + 1] = data[p + 1] * alpha + white;
    rgb[q + 2] = data[p + 2] * alpha + white;
  }
  return tf.tensor4d(rgb, [1, height, width, 3]);
}

/** An RGB tensor [1, h, w, 3] on 0..255 back to opaque RGBA pixels. */
export async function tensorToImage(image: tf.Tensor4D): Promise<RgbaImage> {
  const [, height, width] = image.shape;
  const rounded = tf.tidy(() => tf.round(tf.clipByValue(image, 0, PIXEL_MAX)));
  const rgb = await rounded.data();
  rounded.dispose();
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, q = 0; q < rgb.length; p += 4, q += 3) {
    data[p] = rgb[q];
    data[p + 1] = rgb[q + 1];
    data[p + 2] = rgb[q + 2];
    data[p + 3] = 255;
  }
  return { width, height, data };
}

/**
 * Resizes [1, h, w, c] with bilinear sampling. A large reduction first averages whole blocks of
 * pixels, since plain bilinear sampling would skip most of them and alias.
 */
export function resizeImage(image: tf.Tensor4D, { width, height }: Size): tf.Tensor4D {
  return tf.tidy(() => {
    let x = image;
    const factor = Math.floor(Math.min(x.shape[1] / height, x.shape[2] / width));
    if (factor >= 2) x = tf.avgPool(x, factor, factor, 'valid');
    if (x.shape[1] === height && x.shape[2] === width) return x === image ? x.clone() : x;
    return tf.image.resizeBilinear(x, [height, width], false, true);
  });
}

/** A black-and-white mask as [1, h, w, 1] on 0..1: white (1) is where the style goes. */
export function maskToTensor({ width, height, data }: RgbaImage): tf.Tensor4D {
  const values = new Float32Array(width * height);
  for (let p = 0, q = 0; q < values.length; p += 4, q++) values[q] = (data[p] + data[p + 1] + data[p + 2]) / (3 * 255);
  return tf.tensor4d(values, [1, height, width, 1]);
}
