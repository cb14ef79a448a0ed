// Blending several paintings into one style: the main painting plus up to three more, each with a weight.
import { create } from 'zustand';
import { decodeImage, ImageInputError } from './decodeImage';
import { announce, useAppStore, type InputImage } from './store';

const { getState, setState } = useAppStore;

/** Paintings in a blend, the main one included: each adds Gram matrices to hold in memory. */
export const MAX_PAINTINGS = 4;

export interface StyleBlendState {
  /** Why the last painting could not be added; the paintings already there stay. */
  addError?: string;
}

export const useStyleBlendStore = create<StyleBlendState>(() => ({}));

/** Each weight's share of their sum (all 0 when every weight is 0). */
export function blendShares(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (total > 0 ? weight / total : 0));
}

/** Why no painting can be added now, or undefined when one can. */
function addRefusal(): string | undefined {
  const { inputs, extraStyles } = getState();
  if (!inputs.style) return 'Load a painting first, then add others to blend with it.';
  if (1 + extraStyles.length >= MAX_PAINTINGS) {
    return `At most ${MAX_PAINTINGS} paintings can be blended: remove one to add another.`;
  }
  return undefined;
}

function refuse(message: string): void {
  useStyleBlendStore.setState({ addError: message });
  announce('error', message);
}

/** Says why no painting can be added, if so; true when one can. For the button, before opening the file chooser. */
export function checkCanAddExtraStyle(): boolean {
  const refusal = addRefusal();
  if (refusal) refuse(refusal);
  return refusal === undefined;
}

export async function addExtraStyle(file: Blob, fileName: string): Promise<void> {
  if (!checkCanAddExtraStyle()) return;
  try {
    const { image, notice } = await decodeImage(file, fileName);
    // Another painting may have been added while this one was decoding.
    const refusal = addRefusal();
    if (refusal) return refuse(refusal);
    // The name is only shown: downloads are named after the main painting.
    const input: InputImage = {
      name: fileName.replace(/\.[^.]*$/, ''),
      fileName,
      image,
      previewUrl: URL.createObjectURL(file),
      notice,
      file,
    };
    setState({ extraStyles: [...getState().extraStyles, { input, weight: 1 }] });
    useStyleBlendStore.setState({ addError: undefined });
    announce('info', `Painting added to the blend: ${fileName}, ${image.width}×${image.height}.${notice ? ' ' + notice : ''}`);
  } catch (error) {
    refuse(error instanceof ImageInputError ? error.message : `${fileName} could not be loaded: ${String(error)}`);
  }
}

/** Removes extra painting `index` (1 is the first extra, as in setStyleBlendWeight). */
export function removeExtraStyle(index: number): void {
  const { extraStyles, styleWeight } = getState();
  const removed = extraStyles[index - 1];
  if (!removed) return;
  URL.revokeObjectURL(removed.input.previewUrl);
  const remaining = extraStyles.filter((_, i) => i !== index - 1);
  // Alone again, the main painting gets its full weight back: its slider is hidden without a blend.
  setState({ extraStyles: remaining, styleWeight: remaining.length > 0 ? styleWeight : 1 });
  useStyleBlendStore.setState({ addError: undefined });
  announce('info', `Removed ${removed.input.fileName} from the blend.`);
}

/** Sets the blend weight (0..1) of painting `index`: 0 is the main painting, 1.. the extra ones. */
export function setStyleBlendWeight(index: number, weight: number): void {
  const clamped = Math.min(1, Math.max(0, weight));
  if (index === 0) return setState({ styleWeight: clamped });
  const { extraStyles } = getState();
  if (!extraStyles[index - 1]) return;
  setState({ extraStyles: extraStyles.map((extra, i) => (i === index - 1 ? { ...extra, weight: clamped } : extra)) });
}
