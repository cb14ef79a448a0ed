// The region mask: where the painting's style applies (white) and where the photo stays (black).
import { create } from 'zustand';
import type { RgbaImage } from '../worker/protocol';
import { decodeImage, ImageInputError } from './decodeImage';
import { announce, useAppStore } from './store';

/**
 * A mask at the photo's exact size. Grey levels in R = G = B (0 keeps the photo, 255 takes the
 * full style, values between blend), alpha always 255.
 */
export interface MaskImage {
  image: RgbaImage;
  source: 'painted' | 'uploaded';
  fileName?: string;
}

export interface MaskState {
  mask?: MaskImage;
  /** Why the last mask file was refused; the mask before it stays. */
  uploadError?: string;
}

export const useMaskStore = create<MaskState>(() => ({}));

/** Bumped by every change, so that a slow upload does not replace a mask made after it began. */
let maskVersion = 0;

const photoImage = () => useAppStore.getState().inputs.content?.image;

const sizeText = ({ width, height }: { width: number; height: number }) => `${width}×${height}`;

function toImageData({ width, height, data }: RgbaImage): ImageData {
  return new ImageData(new Uint8ClampedArray(data.buffer as ArrayBuffer, data.byteOffset, data.length), width, height);
}

/** Stretches `image` to width × height, as a mask must cover the photo edge to edge. */
function resizeImage(image: RgbaImage, width: number, height: number): RgbaImage {
  if (image.width === width && image.height === height) return image;
  const source = new OffscreenCanvas(image.width, image.height);
  source.getContext('2d')!.putImageData(toImageData(image), 0, 0);
  const target = new OffscreenCanvas(width, height);
  const context = target.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, width, height);
  return { width, height, data: context.getImageData(0, 0, width, height).data };
}

/** Any picture to mask grey levels: its brightness, with transparent parts counting as black. */
function toGreyMask({ width, height, data }: RgbaImage): RgbaImage {
  const grey = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < grey.length; i += 4) {
    const luma = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
    grey[i] = grey[i + 1] = grey[i + 2] = (luma * data[i + 3]) / 255;
    grey[i + 3] = 255;
  }
  return { width, height, data: grey };
}

export async function loadMaskFile(file: Blob, fileName: string): Promise<void> {
  const version = ++maskVersion;
  const refuse = (message: string) => {
    useMaskStore.setState({ uploadError: message });
    announce('error', message);
  };
  const photo = photoImage();
  if (!photo) return refuse('Load a photo first: a mask is drawn over the photo.');
  try {
    // Decoding no larger than the photo spares the memory of a huge mask file.
    const { image, originalWidth, originalHeight } = await decodeImage(file, fileName, Math.max(photo.width, photo.height));
    if (version !== maskVersion) return;
    // The photo may have changed while the file was decoding: fit the one loaded now.
    const target = photoImage();
    if (!target) return refuse('Load a photo first: a mask is drawn over the photo.');
    const mask = resizeImage(toGreyMask(image), target.width, target.height);
    useMaskStore.setState({ mask: { image: mask, source: 'uploaded', fileName }, uploadError: undefined });
    const original = { width: originalWidth, height: originalHeight };
    const scaled = originalWidth !== mask.width || originalHeight !== mask.height;
    announce('info', `Mask loaded: ${fileName}${scaled ? `, scaled from ${sizeText(original)} to the photo's ${sizeText(mask)}` : ''}.`);
  } catch (error) {
    if (version !== maskVersion) return;
    refuse(error instanceof ImageInputError ? error.message : `${fileName} could not be loaded as a mask: ${String(error)}`);
  }
}

/** A mask painted in the editor, grey levels as in MaskImage; a smaller working copy is scaled up to the photo. */
export function setPaintedMask(image: RgbaImage): void {
  const photo = photoImage();
  if (!photo) return;
  maskVersion++;
  useMaskStore.setState({ mask: { image: resizeImage(image, photo.width, photo.height), source: 'painted' }, uploadError: undefined });
}

export function clearMask(): void {
  maskVersion++;
  useMaskStore.setState({ mask: undefined, uploadError: undefined });
}

// A mask made for one photo means nothing on a photo of another size: drop it and say so.
useAppStore.subscribe((state, previous) => {
  const photo = state.inputs.content?.image;
  const { mask } = useMaskStore.getState();
  if (!mask || photo === previous.inputs.content?.image) return;
  if (photo && photo.width === mask.image.width && photo.height === mask.image.height) return;
  clearMask();
  const text = photo
    ? `The mask was removed: it was made for a ${sizeText(mask.image)} photo and this one is ${sizeText(photo)}.`
    : 'The mask was removed with its photo.';
  // After the announcement of the new photo, which follows this change, so that this one is not overwritten.
  queueMicrotask(() => announce('info', text));
});
