import * as tf from '@tensorflow/tfjs';
import { imageToTensor, resizeImage, tensorToImage, type RgbaImage } from '../image/image';
import { fitLongSide, type Size } from '../image/size';
import type { LossValues } from '../loss/objective';
import type { Vgg19 } from '../network/vgg19';
import type { RunHooks } from '../run/context';
import type { RunControls } from '../run/controls';
import { outputGrid, type StyleInputs, type TemporalInputs } from '../run/inputs';
import { startStyleTransfer, type StyleTransferRun } from '../run/styleTransfer';
import type { StyleSettings } from '../settings';
import { consistencyWeights } from './consistency';
import { opticalFlow } from './flow';
import { longTermWeights } from './longTerm';
import { warp } from './warp';

/** Below this share of pixels whose motion can be trusted, a frame is a new shot: it starts afresh. */
const SHOT_CUT_SHARE = 0.5;
/**
 * Below this share, a frame further back (the long-term term) is past a shot cut. Lower than for
 * the frame before, as more is hidden over more frames: between shots the check trusts 0–4% of
 * the pixels (five demo photos against each other, 64 and 256 px); frame t−4 of
 * `npm run bench:video`'s clip, 26–56%.
 */
const FURTHER_SHOT_CUT_SHARE = 0.1;
/** A later frame runs at least this many iterations, then stops when its loss has stopped falling. */
const MIN_ITERATIONS = 10;
/** The loss has stopped falling when it fell by less than this share over the last `LOSS_WINDOW` iterations. */
const LOSS_TOLERANCE = 0.01;
const LOSS_WINDOW = 5;

/** An earlier frame of a clip: its input picture and its result. */
export interface EarlierFrame {
  frame: RgbaImage;
  result: RgbaImage;
}

/**
 * The frame before, all a frame needs to continue a clip (so a render resumes from files); with
 * Ruder et al.'s long-term temporal term also frames further back (t−2, t−4: longTerm.ts).
 */
export interface PreviousFrame extends EarlierFrame {
  /** Frames further back the frame is also held to, nearest first. Each costs two more optical flows. */
  further?: EarlierFrame[];
}

export interface FrameStats {
  /** Whether the frame started afresh, as a clip's first frame or after a shot cut. */
  fresh: boolean;
  /** The share of pixels whose motion from the frame before was trusted (1 for a clip's first frame). */
  trusted: number;
  /**
   * With frames further back, the share of pixels held to each (their long-term weights), nearest
   * first: 0 for one past a shot cut.
   */
  further?: number[];
  /** Seconds spent on the optical flows and the consistency checks. */
  flowSeconds: number;
  iterations: number;
  /** The last iteration's losses. */
  losses?: LossValues;
}

export interface VideoFrameRun extends RunControls {
  readonly result: Promise<{ image: RgbaImage; stats: FrameStats }>;
}

/** A picture at `size`, unchanged when it is that size already. */
async function fitted(image: RgbaImage, size: Size): Promise<RgbaImage> {
  if (image.width === size.width && image.height === size.height) return image;
  const tensor = tf.tidy(() => resizeImage(imageToTensor(image), size));
  try {
    return await tensorToImage(tensor);
  } finally {
    tensor.dispose();
  }
}

/** An earlier result carried along the motion onto this frame, and where that motion can be trusted. */
interface Carried {
  /** [1, h, w, 3] on 0..255. */
  warped: tf.Tensor4D;
  /** [1, h, w, 1] on 0..1. */
  weights: tf.Tensor4D;
  /** The share of pixels whose motion can be trusted. */
  trusted: number;
}

/**
 * An earlier result carried along the motion onto this frame, and the consistency weights of
 * that motion (consistency.ts), from the optical flows between the two input frames each way.
 */
async function carriedForward(now: tf.Tensor4D, earlier: EarlierFrame): Promise<Carried> {
  const [before, result] = [imageToTensor(earlier.frame), imageToTensor(earlier.result)];
  const [backward, forward] = [opticalFlow(now, before), opticalFlow(before, now)];
  const weights = consistencyWeights(backward, forward, now, before);
  const warped = warp(result, backward);
  tf.dispose([before, result, backward, forward]);
  try {
    return { warped, weights, trusted: mean((await weights.data()) as Float32Array) };
  } catch (error) {
    tf.dispose([warped, weights]);
    throw error;
  }
}

const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;

/** What the earlier frames give a frame. */
interface HeldTo {
  /** The temporal terms' inputs, nearest first (the first is where the frame starts); none at a shot cut. */
  temporal: TemporalInputs[];
  /** The share of pixels whose motion from the frame before can be trusted. */
  trusted: number;
  /** The share of pixels held to each frame further back. */
  further?: number[];
}

/**
 * The frame before carried forward and, unless this frame is a shot cut, the frames further back
 * with their long-term weights (longTerm.ts). A frame further back whose motion to this one is
 * trusted on less than FURTHER_SHOT_CUT_SHARE of the pixels is past a shot cut, and so is every
 * frame beyond it: they hold no pixel.
 */
async function heldTo(frame: RgbaImage, previous: PreviousFrame, size: Size): Promise<HeldTo> {
  const fit = async ({ frame, result }: EarlierFrame) => ({ frame: await fitted(frame, size), result: await fitted(result, size) });
  const now = imageToTensor(frame);
  const carried: Carried[] = [];
  try {
    carried.push(await carriedForward(now, await fit(previous)));
    if (carried[0].trusted < SHOT_CUT_SHARE) return { temporal: [], trusted: carried[0].trusted };
    for (const earlier of previous.further ?? []) {
      const next = await carriedForward(now, await fit(earlier));
      if (next.trusted < FURTHER_SHOT_CUT_SHARE) {
        tf.dispose([next.warped, next.weights]);
        break;
      }
      carried.push(next);
    }
    const weights = longTermWeights(carried.map((c) => c.weights));
    try {
      const temporal = await Promise.all(weights.map(async (w, j) => ({ warped: await tensorToImage(carried[j].warped), weights: (await w.data()) as Float32Array })));
      const further = previous.further?.map((_, j) => (temporal[j + 1] ? mean(temporal[j + 1].weights) : 0));
      return { temporal, trusted: carried[0].trusted, further };
    } finally {
      tf.dispose(weights);
    }
  } finally {
    tf.dispose([now, ...carried.flatMap((c) => [c.warped, c.weights])]);
  }
}

/**
 * Stylises one frame of a clip (Ruder et al., "Artistic style transfer for videos", 2016). The
 * first frame, or one after a shot cut, is an ordinary run of `settings`. A later frame starts
 * from the previous result warped by the optical flow between the two input frames, adds the
 * temporal term (weight `settings.weights.temporal`, the steadiness) where that flow can be
 * trusted, runs at the output size alone, and stops once its loss stops falling. With frames
 * further back in `previous.further` (Ruder et al.'s long-term term, off unless given), it is held
 * to each of them too, each pixel to the nearest that shows it. It reads only this frame and the
 * earlier ones it is given, so a render that stopped resumes from the files it wrote.
 */
export function startVideoFrame(vgg: Vgg19, inputs: StyleInputs, previous: PreviousFrame | undefined, settings: StyleSettings, hooks: RunHooks = {}): VideoFrameRun {
  let run: StyleTransferRun | undefined;
  const early: ((run: RunControls) => void)[] = [];
  const control = (act: (run: RunControls) => void) => (run ? act(run) : early.push(act));

  async function frameRun(): Promise<{ image: RgbaImage; stats: FrameStats }> {
    const size = fitLongSide(outputGrid(inputs), settings.size);
    const content = inputs.content && (await fitted(inputs.content, size));
    const started = performance.now();
    const held = previous && content && (await heldTo(content, previous, size));
    const flowSeconds = (performance.now() - started) / 1000;
    const fresh = !held || held.trusted < SHOT_CUT_SHARE;
    const losses: number[] = [];
    let last: LossValues | undefined;
    const frameHooks: RunHooks = {
      ...hooks,
      onIteration: (progress, snapshot) => {
        last = progress.losses;
        losses.push(progress.losses.total);
        const before = losses[losses.length - 1 - LOSS_WINDOW];
        if (!fresh && losses.length >= MIN_ITERATIONS && before !== undefined && before - progress.losses.total < LOSS_TOLERANCE * before) run?.stop();
        return hooks.onIteration?.(progress, snapshot);
      },
    };
    const frameInputs: StyleInputs = fresh ? { ...inputs, content } : { ...inputs, content, previous: held!.temporal[0].warped, temporal: held!.temporal };
    const frameSettings: StyleSettings = fresh ? settings : { ...settings, scales: 1, init: 'previous' };
    run = startStyleTransfer(vgg, frameInputs, frameSettings, frameHooks);
    for (const act of early.splice(0)) act(run);
    const image = await run.result;
    const further = fresh ? undefined : held!.further;
    return { image, stats: { fresh, trusted: held?.trusted ?? 1, ...(further && { further }), flowSeconds, iterations: losses.length, losses: last } };
  }

  return {
    result: frameRun(),
    setWeights: (weights) => control((r) => r.setWeights(weights)),
    pause: () => control((r) => r.pause()),
    resume: () => control((r) => r.resume()),
    stop: () => control((r) => r.stop()),
    cancel: () => control((r) => r.cancel()),
  };
}
