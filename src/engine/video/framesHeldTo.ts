// Which earlier frames a frame of a clip is held to. No tfjs: the app's render loop asks it too.

/**
 * The frames a frame is held to with Ruder et al.'s long-term temporal term, as how many frames
 * back (their J = {1, 2, 4}, artistic-videos' -flow_relative_indices 1,2,4), nearest first.
 */
export const LONG_TERM_OFFSETS: readonly number[] = [1, 2, 4];

/** How many frames back a frame is held to: the one before alone, or with `longTerm` LONG_TERM_OFFSETS. */
export function offsetsHeldTo(longTerm: boolean): readonly number[] {
  return longTerm ? LONG_TERM_OFFSETS : [1];
}

/**
 * The indices of the frames that frame `index` of a clip is held to, nearest first: the one
 * before alone, or with `longTerm` those of LONG_TERM_OFFSETS that the clip has.
 */
export function framesHeldTo(index: number, longTerm: boolean): number[] {
  return offsetsHeldTo(longTerm).map((back) => index - back).filter((earlier) => earlier >= 0);
}
