// The earlier frames of a clip that the frames still to paint are held to (the frame before, and with
// Ruder et al.'s long-term term frames t−2 and t−4 too): kept while a frame to come needs them, no longer.
import { framesHeldTo, offsetsHeldTo } from '../engine/video/framesHeldTo';
import type { PreviousFrame, RgbaImage } from '../worker/protocol';

interface EarlierFrame {
  frame: RgbaImage;
  result: RgbaImage;
}

export class EarlierFrames {
  private readonly held = new Map<number, EarlierFrame>();

  constructor(private readonly longTerm: boolean) {}

  /** The first frame a render that resumes at frame `next` decodes: the earliest one that `next` or a frame after it is held to. */
  firstToDecode(next: number): number {
    return Math.max(0, next - Math.max(...offsetsHeldTo(this.longTerm)));
  }

  /** Frame `index` and its result, painted now or read back from the device; frames that no frame after it needs go. */
  keep(index: number, frame: RgbaImage, result: RgbaImage): void {
    this.held.set(index, { frame, result });
    const oldestNeeded = this.firstToDecode(index + 1);
    for (const earlier of this.held.keys()) if (earlier < oldestNeeded) this.held.delete(earlier);
  }

  /**
   * What frame `index` carries on from: the frame before and, with the long-term term, those further
   * back that are kept, nearest first. Undefined without the frame before: the frame starts afresh.
   */
  previousOf(index: number): PreviousFrame | undefined {
    const [before, ...further] = framesHeldTo(index, this.longTerm).map((earlier) => this.held.get(earlier));
    if (!before) return undefined;
    const kept = further.filter((earlier) => earlier !== undefined);
    return kept.length > 0 ? { ...before, further: kept } : { ...before };
  }

  /** How many frames are kept now. */
  get size(): number {
    return this.held.size;
  }
}
