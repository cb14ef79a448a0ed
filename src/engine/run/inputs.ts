import * as tf from '@tensorflow/tfjs';
import { grayscale, grayscaleMatchedTo, matchColourHistogram } from '../image/colour';
import { imageToTensor, maskToTensor, resizeImage, type RgbaImage } from '../image/image';
import { fitLongSide, type Size } from '../image/size';
import type { WeightedStyle } from '../loss/styleTargets';
import { MIN_STYLE_SIZE, type StyleSettings } from '../settings';
import { disposeRegions, prepareRegions, regionColourFill, type PreparedRegions } from './regions';

/** A painting of a run. */
export interface StyleImage {
  image: RgbaImage;
  /** Its share of the style (neural-style's blend weights). */
  weight: number;
  /** Its colour-coded region map, paired by colour with the target map (semantic style transfer). */
  map?: RgbaImage;
  /** Where on the photo this painting's style goes (INetwork's style masks): white to black. */
  mask?: RgbaImage;
}

/** The pictures of a run. Maps and masks may be of any size: they are fitted. */
export interface StyleInputs {
  /** The photo, whose shapes the result keeps. A doodle has none: the target map is the picture. */
  content?: RgbaImage;
  /** One painting or several. */
  styles: StyleImage[];
  /** Where the style applies: white (style) to black (the photo stays). */
  mask?: RgbaImage;
  /** A colour-coded map over the output (a doodle): each region takes the style of the paintings' regions of its colour. */
  targetMap?: RgbaImage;
  /** The picture a run with init 'previous' starts from: usually the last result. */
  previous?: RgbaImage;
  /**
   * A video frame's temporal terms, one an earlier frame it is held to (nearest first): the result
   * to stay close to, and how much at each pixel. The frame before alone, or with Ruder et al.'s
   * long-term term also frames t−2 and t−4.
   */
  temporal?: TemporalInputs[];
}

/**
 * An earlier frame's result carried along the motion onto this frame's grid, and a weight a
 * pixel (row by row, 0..1): 0 where the motion cannot be trusted, 1 where it can.
 */
export interface TemporalInputs {
  warped: RgbaImage;
  weights: Float32Array;
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
  /** The temporal terms' warped results [1, h, w, 3] and weights [1, h, w, 1], on the photo's grid. */
  temporal?: TemporalTensors[];
  /** Whether there is a photo: a doodle's `photo` is its regions filled with their paintings' colours, and it has no content term. */
  hasPhoto: boolean;
  regions?: PreparedRegions;
}

/** The size of the output's grid: the photo's, or a doodle's target map's. */
export function outputGrid(inputs: StyleInputs): Size {
  const grid = inputs.content ?? inputs.targetMap;
  if (!grid) throw new Error('A photo or a target map is needed');
  return { width: grid.width, height: grid.height };
}

/** The photo, or for a doodle its regions filled with their paintings' mean colours. */
function photoOrFill(inputs: StyleInputs, regions: PreparedRegions | undefined, grid: Size): tf.Tensor4D {
  if (inputs.content) return imageToTensor(inputs.content);
  if (regions) return regionColourFill(regions);
  return tf.tidy(() => tf.mul(tf.ones([1, grid.height, grid.width, 3]), tf.mean(imageToTensor(inputs.styles[0].image), [0, 1, 2]))) as tf.Tensor4D;
}

export async function prepareInputs(inputs: StyleInputs, settings: StyleSettings, notice: (message: string) => void = () => {}): Promise<PreparedInputs> {
  if (inputs.styles.length === 0) throw new Error('A style image is needed');
  if (settings.init === 'previous' && !inputs.previous) throw new Error('Starting from the previous result needs one');
  const hasPhoto = inputs.content !== undefined;
  if (!hasPhoto && settings.colour !== 'none') throw new Error('Keeping the photo’s colours needs a photo');
  const grid = outputGrid(inputs);
  const regions = prepareRegions(inputs, grid, notice);
  let photo: tf.Tensor4D;
  try {
    photo = photoOrFill(inputs, regions, grid);
  } catch (error) {
    if (regions) disposeRegions(regions);
    throw error;
  }
  const paintings = inputs.styles.map(({ image, weight }) => ({ image: imageToTensor(image), weight }));
  const mask = regions?.union?.clone() ?? (inputs.mask && tf.tidy(() => resizeImage(maskToTensor(inputs.mask!), grid)));
  const previous = inputs.previous && imageToTensor(inputs.previous);
  const temporal = inputs.temporal?.map((held) => temporalTensors(held, grid));
  const common = { photo, mask, hasPhoto, regions, temporal };
  switch (settings.colour) {
    case 'none':
      return { ...common, content: photo.clone(), styles: paintings, previous };
    case 'histogram': {
      const styles = await Promise.all(
        paintings.map(async ({ image, weight }) => ({ image: await matchColourHistogram(image, photo), weight })),
      );
      tf.dispose(paintings.map((p) => p.image));
      return { ...common, content: photo.clone(), styles, previous };
    }
    case 'luminance': {
      const styles = paintings.map(({ image, weight }) => ({ image: grayscaleMatchedTo(image, photo), weight }));
      tf.dispose(paintings.map((p) => p.image));
      const grayPrevious = previous && grayscale(previous);
      previous?.dispose();
      // Luminance mode optimises brightness alone: the frame is held to the previous one's brightness.
      const grayTemporal = temporal?.map(({ warped, weights }) => ({ warped: grayscale(warped), weights }));
      tf.dispose(temporal?.map((held) => held.warped) ?? []);
      return { ...common, content: grayscale(photo), styles, previous: grayPrevious, temporal: grayTemporal };
    }
  }
}

/** One temporal term's warped result [1, h, w, 3] and weights [1, h, w, 1]. */
export interface TemporalTensors {
  warped: tf.Tensor4D;
  weights: tf.Tensor4D;
}

/** The temporal inputs as tensors on the grid. */
function temporalTensors({ warped, weights }: TemporalInputs, grid: Size): TemporalTensors {
  if (weights.length !== warped.width * warped.height) throw new Error('The temporal weights need one value a pixel of the warped result');
  return tf.tidy(() => ({
    warped: resizeImage(imageToTensor(warped), grid),
    weights: resizeImage(tf.tensor4d(weights, [1, warped.height, warped.width, 1]), grid),
  }));
}

export function disposeInputs({ content, styles, photo, mask, previous, regions, temporal }: PreparedInputs): void {
  tf.dispose([content, photo, ...styles.map((s) => s.image)]);
  tf.dispose(temporal?.flatMap((held) => [held.warped, held.weights]) ?? []);
  mask?.dispose();
  previous?.dispose();
  if (regions) disposeRegions(regions);
}

/** The paintings at a scale: their long side is the scale's times the style scale. */
export function stylesAtScale(styles: WeightedStyle[], size: Size, styleScale: number): WeightedStyle[] {
  const longSide = Math.max(MIN_STYLE_SIZE, Math.round(Math.max(size.width, size.height) * styleScale));
  return styles.map(({ image, weight }) => {
    const [, height, width] = image.shape;
    return { image: resizeImage(image, fitLongSide({ width, height }, longSide)), weight };
  });
}
