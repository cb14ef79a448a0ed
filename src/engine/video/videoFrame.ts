import * as tf from '@tensorflow/tfjs';
import { imageToTensor, resizeImage, tensorToImage, type RgbaImage } from '../image/image';
import { fitLongSide, type Size } from '../image/size';
import type { LossValues } from '../loss/objective';
import type { Vgg19 } from '../network/vgg19';
import type { RunHooks } from '../run/context';
import type { RunControls } from '../run/controls';
import { outputGrid, type StyleInputs } from '../run/inputs';
import { startStyleTransfer, type StyleTransferRun } from '../run/styleTransfer';
import type { StyleSettings } from '../settings';
import { consistencyWeights } from './consistency';
import { opticalFlow } from './flow';
import { warp } from './warp';

/** Below this share of pixels whose motion can be trusted, a frame is a new shot: it starts afresh. */
const SHOT_CUT_SHARE = 0.5;
/** A later frame runs at least this many iterations, then stops when its loss has stopped falling. */
const MIN_ITERATIONS = 10;
/** The loss has stopped falling when it fell by less than this share over the last `LOSS_WINDOW` iterations. */
const LOSS_TOLERANCE = 0.01;
const LOSS_WINDOW = 5;

/** The frame before: its input picture and its result, all a frame needs to continue a clip (so a render resumes from files). */
export interface PreviousFrame {
  frame: RgbaImage;
  result: RgbaImage;
}

export interface FrameStats {
  /** Whether the frame started afresh, as a clip's first frame or after a shot cut. */
  fresh: boolean;
  /** The share of pixels whose motion from the frame before was trusted (1 for a clip's first frame). */
  trusted: number;
  /** Seconds spent on the optical flow and the consistency check. */
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

/**
 * The previous result carried along the motion onto this frame, and the per-pixel weights of
 * the temporal term (consistency.ts), from the optical flow between the two input frames.
 */
async function carriedForward(frame: RgbaImage, previous: PreviousFrame): Promise<{ warped: RgbaImage; weights: Float32Array; trusted: number }> {
  const [now, before, result] = [imageToTensor(frame), imageToTensor(previous.frame), imageToTensor(previous.result)];
  const [backward, forward] = [opticalFlow(now, before), opticalFlow(before, now)];
  const weights = consistencyWeights(backward, forward, now, before);
  const warped = warp(result, backward);
  try {
    const values = (await weights.data()) as Float32Array;
    return { warped: await tensorToImage(warped), weights: values, trusted: values.reduce((a, b) => a + b, 0) / values.length };
  } finally {
    tf.dispose([now, before, result, backward, forward, weights, warped]);
  }
}

/**
 * Stylises one frame of a clip (Ruder et al., "Artistic style transfer for videos", 2016). The
 * first frame, or one after a shot cut, is an ordinary run of `settings`. A later frame starts
 * from the previous result warped by the optical flow between the two input frames, adds the
 * temporal term (weight `settings.weights.temporal`, the steadiness) where that flow can be
 * trusted, runs at the output size alone, and stops once its loss stops falling. It reads only
 * this frame and the one before, so a render that stopped resumes from the files it wrote.
 */
export function startVideoFrame(vgg: Vgg19, inputs: StyleInputs, previous: PreviousFrame | undefined, settings: StyleSettings, hooks: RunHooks = {}): VideoFrameRun {
  let run: StyleTransferRun | undefined;
  const early: ((run: RunControls) => void)[] = [];
  const control = (act: (run: RunControls) => void) => (run ? act(run) : early.push(act));

  async function frameRun(): Promise<{ image: RgbaImage; stats: FrameStats }> {
    const size = fitLongSide(outputGrid(inputs), settings.size);
    const content = inputs.content && (await fitted(inputs.content, size));
    const started = performance.now();
    const carried = previous && content && (await carriedForward(content, { frame: await fitted(previous.frame, size), result: await fitted(previous.result, size) }));
    const flowSeconds = (performance.now() - started) / 1000;
    const fresh = !carried || carried.trusted < SHOT_CUT_SHARE;
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
    const frameInputs: StyleInputs = fresh ? { ...inputs, content } : { ...inputs, content, previous: carried!.warped, temporal: { warped: carried!.warped, weights: carried!.weights } };
    const frameSettings: StyleSettings = fresh ? settings : { ...settings, scales: 1, init: 'previous' };
    run = startStyleTransfer(vgg, frameInputs, frameSettings, frameHooks);
    for (const act of early.splice(0)) act(run);
    const image = await run.result;
    return { image, stats: { fresh, trusted: carried?.trusted ?? 1, flowSeconds, iterations: losses.length, losses: last } };
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
