// Shared set-up of the engine tests: tfjs in Node and the real VGG19, loaded once a file.
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Vgg19 } from '../network/vgg19';
import { diskModelReader, initNodeBackend, type NodeBackend } from '../device/nodeRuntime';
import { readImageFile } from '../image/readImageFile';
import { imageToTensor, resizeImage, type RgbaImage } from '../image/image';
import type { Size } from '../image/size';

export const SHARED_DIR = resolve(import.meta.dirname, '../../../../shared');

/** The backend the engine tests run on: wasm, or webgpu (Dawn; lavapipe in CI) in the vitest project of that name. */
export const TEST_BACKEND = (process.env.ENGINE_BACKEND ?? 'wasm') as NodeBackend;

export async function loadEngine(): Promise<Vgg19> {
  await initNodeBackend(TEST_BACKEND);
  return Vgg19.load(diskModelReader());
}

/** A real photo or painting from ../shared/images, e.g. 'content/winter-wolf.jpg'. */
export function sharedImage(path: string): Promise<RgbaImage> {
  return readImageFile(resolve(SHARED_DIR, 'images', path));
}

/** The tests' photo and painting (winter-wolf.jpg, The Scream) as [1, h, w, 3] tensors on 0..255, resized to the sizes given. */
export async function testPictures(photoSize: Size, paintingSize: Size): Promise<{ photo: tf.Tensor4D; painting: tf.Tensor4D }> {
  const [photo, painting] = await Promise.all([sharedImage('content/winter-wolf.jpg'), sharedImage('style/the_scream.jpg')]);
  return tf.tidy(() => ({ photo: resizeImage(imageToTensor(photo), photoSize), painting: resizeImage(imageToTensor(painting), paintingSize) }));
}
