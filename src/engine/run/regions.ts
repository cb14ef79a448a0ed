import * as tf from '@tensorflow/tfjs';
import { maskToTensor, resizeImage, type RgbaImage } from '../image/image';
import { colourName, labelMap, pairRegions, regionMask, type LabelledMap } from '../image/regionMaps';
import type { Size } from '../image/size';
import type { RegionSource } from '../loss/regionStyleTargets';
import type { StyleInputs } from './inputs';

/**
 * The regions of a run, each with its own style: the target map's colours (semantic style
 * transfer, neural doodles) or one mask per painting (INetwork's style masks).
 */
export interface PreparedRegions {
  /** [1, h, w, regions] on 0..1 over the output's grid: a channel for each region. */
  targets: tf.Tensor4D;
  /** For each region, where its style comes from. */
  sources: RegionSource[][];
  /** Where any region applies, when that is not everywhere (style masks): the photo stays elsewhere. */
  union?: tf.Tensor4D;
  /** Each region's colour in its paintings, for a doodle's start: [regions, 3] on 0..255. */
  colours: tf.Tensor2D;
}

export function disposeRegions(regions: PreparedRegions): void {
  tf.dispose([regions.targets, regions.colours]);
  for (const sources of regions.sources) for (const { mask } of sources) mask?.dispose();
  regions.union?.dispose();
}

const sizeName = ({ width, height }: Size) => `${width}×${height}`;

/** A map's regions as channels [1, h, w, regions]: 1 in the channel of each pixel's region. */
function labelTensor({ width, height, labels, regions }: LabelledMap): tf.Tensor4D {
  const values = new Float32Array(labels.length * regions.length);
  for (let p = 0; p < labels.length; p++) values[p * regions.length + labels[p]] = 1;
  return tf.tensor4d(values, [1, height, width, regions.length]);
}

/**
 * Mean colour of a painting, or of region `region` of its map ([3]). A map of another size is read
 * at each painting pixel's place in it, as the region's mask is fitted to the painting.
 */
function meanColour(image: RgbaImage, region?: { map: LabelledMap; index: number }): [number, number, number] {
  const sum = [0, 0, 0];
  let weight = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (region) {
        const { map, index } = region;
        const label = map.labels[Math.floor((y * map.height) / image.height) * map.width + Math.floor((x * map.width) / image.width)];
        if (label !== index) continue;
      }
      const p = (y * image.width + x) * 4;
      sum[0] += image.data[p];
      sum[1] += image.data[p + 1];
      sum[2] += image.data[p + 2];
      weight++;
    }
  }
  // A region too thin to fall on any pixel of a smaller painting takes the whole painting's colour.
  if (weight === 0) return meanColour(image);
  return [sum[0] / weight, sum[1] / weight, sum[2] / weight];
}

/** Painting k's region as a mask [1, h, w, 1] at its map's size (RegionStyleTargets fits it to the painting). */
function paintingMask(map: LabelledMap, region: number): tf.Tensor4D {
  return tf.tensor4d(regionMask(map, region), [1, map.height, map.width, 1]);
}

/** Whether `mask` (white where the style goes) keeps all of the target map's region `region` to the photo. */
function keptByMask(target: LabelledMap, region: number, mask: RgbaImage | undefined): boolean {
  if (!mask) return false;
  for (let y = 0; y < target.height; y++) {
    const my = Math.min(mask.height - 1, Math.floor(((y + 0.5) * mask.height) / target.height));
    for (let x = 0; x < target.width; x++) {
      if (target.labels[y * target.width + x] !== region) continue;
      const mx = Math.min(mask.width - 1, Math.floor(((x + 0.5) * mask.width) / target.width));
      if (mask.data[(my * mask.width + mx) * 4] >= 128) return false;
    }
  }
  return true;
}

/** The target map's regions, each paired with the regions of the same colour in the paintings' maps. */
function semanticRegions(inputs: StyleInputs, grid: Size, notice: (message: string) => void): PreparedRegions | undefined {
  const target = labelMap(inputs.targetMap!);
  if (target.regions.length < 2) {
    notice('The target map has one colour, so the whole picture takes the whole painting’s style.');
    return undefined;
  }
  if (target.width !== grid.width || target.height !== grid.height) {
    notice(`The target map (${sizeName(target)}) is fitted to the picture (${sizeName(grid)}).`);
  }
  const paintings = inputs.styles.map(({ image, map }, k) => {
    if (!map) return undefined;
    if (map.width !== image.width || map.height !== image.height) {
      notice(`Painting ${k + 1}'s map (${sizeName(map)}) is fitted to the painting (${sizeName(image)}).`);
    }
    const labelled = labelMap(map);
    return { labelled, paired: pairRegions(target.regions, labelled.regions) };
  });
  if (paintings.every((p) => p === undefined)) throw new Error('A target map needs a map of at least one painting, in the same colours');
  const sources: RegionSource[][] = [];
  const colours: [number, number, number][] = [];
  target.regions.forEach(({ colour }, r) => {
    const matched = paintings.flatMap((p, k) => (p && p.paired[r] !== undefined ? [{ k, region: p.paired[r]!, map: p.labelled }] : []));
    if (matched.length === 0) {
      // Where the mask keeps the photo, no style shows: such a region needs no painting.
      if (!keptByMask(target, r, inputs.mask))
        notice(`No painting's map has the target map's colour ${colourName(colour)}: that region takes the whole painting’s style.`);
      sources.push(inputs.styles.map((_, style) => ({ style })));
      colours.push(meanColour(inputs.styles[0].image));
      return;
    }
    sources.push(matched.map(({ k, region, map }) => ({ style: k, mask: paintingMask(map, region) })));
    const { k, region, map } = matched[0];
    colours.push(meanColour(inputs.styles[k].image, { map, index: region }));
  });
  const labels = labelTensor(target);
  const targets = tf.tidy(() => resizeImage(labels, grid));
  labels.dispose();
  return { targets, sources, colours: tf.tensor2d(colours) };
}

/** One region a painting, over the photo where its mask is white (INetwork's --style_masks). */
function maskRegions(inputs: StyleInputs, grid: Size): PreparedRegions {
  if (inputs.styles.some((s) => !s.mask)) throw new Error('Give every painting a mask, or none');
  if (inputs.mask) throw new Error('A mask for every painting replaces the single mask: give one or the other');
  const targets = tf.tidy(() => tf.concat(inputs.styles.map((s) => resizeImage(maskToTensor(s.mask!), grid)), 3)) as tf.Tensor4D;
  const union = tf.tidy(() => tf.clipByValue(tf.sum(targets, 3, true), 0, 1)) as tf.Tensor4D;
  const colours = tf.tensor2d(inputs.styles.map((s) => meanColour(s.image)));
  return { targets, sources: inputs.styles.map((_, style) => [{ style }]), union, colours };
}

/** The regions the inputs ask for, on the output's grid, or undefined for a plain run. */
export function prepareRegions(inputs: StyleInputs, grid: Size, notice: (message: string) => void): PreparedRegions | undefined {
  if (inputs.targetMap) {
    if (inputs.styles.some((s) => s.mask)) throw new Error('Give paintings masks or a target map, not both');
    return semanticRegions(inputs, grid, notice);
  }
  if (inputs.styles.some((s) => s.map)) throw new Error("A painting's map needs a target map to pair with");
  return inputs.styles.some((s) => s.mask) ? maskRegions(inputs, grid) : undefined;
}

/** A doodle's start and stand-in photo: each region filled with its painting region's mean colour. */
export function regionColourFill(regions: PreparedRegions): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w, count] = regions.targets.shape;
    const flat = tf.reshape(regions.targets, [h * w, count]);
    const weight = tf.sum(flat, 1, true);
    const filled = tf.div(tf.matMul(flat, regions.colours), tf.maximum(weight, 1e-6));
    return tf.reshape(filled, [1, h, w, 3]) as tf.Tensor4D;
  });
}
