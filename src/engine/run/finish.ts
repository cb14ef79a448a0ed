import * as tf from '@tensorflow/tfjs';
import { withColoursOf } from '../image/colour';
import { resizeImage, tensorToImage, type RgbaImage } from '../image/image';
import type { Size } from '../image/size';
import type { StyleSettings } from '../settings';
import type { PreparedInputs } from './inputs';

/**
 * Turns the optimised image into the picture the user sees, at one scale: luminance mode puts the
 * photo's colours back, and a mask keeps the photo where it is black.
 */
export class Finish {
  private readonly photo: tf.Tensor4D;
  /** The mask at this scale, which the style term reads too. */
  readonly mask?: tf.Tensor4D;

  constructor(
    prepared: PreparedInputs,
    size: Size,
    private readonly colour: StyleSettings['colour'],
  ) {
    this.photo = resizeImage(prepared.photo, size);
    this.mask = prepared.mask && resizeImage(prepared.mask, size);
  }

  apply(image: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let x = this.colour === 'luminance' ? withColoursOf(image, this.photo) : image;
      if (this.mask) x = tf.add(this.photo, tf.mul(this.mask, tf.sub(x, this.photo)));
      return x === image ? x.clone() : x;
    });
  }

  async toImage(image: tf.Tensor4D): Promise<RgbaImage> {
    const finished = this.apply(image);
    try {
      return await tensorToImage(finished);
    } finally {
      finished.dispose();
    }
  }

  dispose(): void {
    this.photo.dispose();
    this.mask?.dispose();
  }
}
