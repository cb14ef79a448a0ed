import * as tf from '@tensorflow/tfjs';
import { grayscale, grayscaleMatchedTo, matchColourHistogram } from '../image/colour';
import { imageToTensor, maskToTensor, resizeImage, type RgbaImage } from '../image/image';
import { fitLongSide, type Size } from '../image/size';
import type { WeightedStyle } from '../loss/styleTargets';
import { MIN_STYLE_SIZE, type StyleSettings } from '../settings';

/** The pictures of a run. */
export interface StyleInputs {
  /** The photo, whose shapes the result keeps. */
  content: RgbaImage;
  /** One painting or several, each with its share of the style (neural-style's blend weights). */
  styles: { image: RgbaImage; weight: number }[];
  /** Where the style applies: white (style) to black (the photo stays). Any size: it is fitted. */
  mask?: RgbaImage;
  /** The picture a run with init 'previous' starts from: usually the last result. */
  previous?: RgbaImage;
}

/**
 * The run's pictures as tensors on the full photo's grid, after colour preservation: what the
 * network sees (`content`, `styles`) and what the output is finished with (`photo`, `mask`).
 */
export interface PreparedInputs {
  content: tf.Tensor4D;
  styles: WeightedStyle[];
  /** The photo in colour: luminance mode takes its colours back, the mask its unstyled parts. */
  photo: tf.Tensor4D;
  mask?: tf.Tensor4D;
  previous?: tf.Tensor4D;
}

export async function prepareInputs(inputs: StyleInputs, settings: StyleSettings): Promise<PreparedInputs> {
  if (inputs.styles.length === 0) throw new Error('A style image is needed');
  if (settings.init === 'previous' && !inputs.previous) throw new Error('Starting from the previous result needs one');
  const photo = imageToTensor(inputs.content);
  const { width, height } = inputs.content;
  const paintings = inputs.styles.map(({ image, weight }) => ({ image: imageToTensor(image), weight }));
  const mask = inputs.mask && tf.tidy(() => resizeImage(maskToTensor(inputs.mask!), { width, height }));
  const previous = inputs.previous && imageToTensor(inputs.previous);
  switch (settings.colour) {
    case 'none':
      return { content: photo.clone(), styles: paintings, photo, mask, previous };
    case 'histogram': {
      const styles = await Promise.all(
        paintings.map(async ({ image, weight }) => ({ image: await matchColourHistogram(image, photo), weight })),
      );
      tf.dispose(paintings.map((p) => p.image));
      return { content: photo.clone(), styles, photo, mask, previous };
    }
    case 'luminance': {
      const styles = paintings.map(({ image, weight }) => ({ image: grayscaleMatchedTo(image, photo), weight }));
      tf.dispose(paintings.map((p) => p.image));
      const grayPrevious = previous && grayscale(previous);
      previous?.dispose();
      return { content: grayscale(photo), styles, photo, mask, previous: grayPrevious };
    }
  }
}

export function disposeInputs({ content, styles, photo, mask, previous }: PreparedInputs): void {
  tf.dispose([content, photo, ...styles.map((s) => s.image)]);
  mask?.dispose();
  previous?.dispose();
}

/** The paintings at a scale: their long side is the scale's times the style scale. */
export function stylesAtScale(styles: WeightedStyle[], size: Size, styleScale: number): WeightedStyle[] {
  const longSide = Math.max(MIN_STYLE_SIZE, Math.round(Math.max(size.width, size.height) * styleScale));
  return styles.map(({ image, weight }) => {
    const [, height, width] = image.shape;
    return { image: resizeImage(image, fitLongSide({ width, height }, longSide)), weight };
  });
}
