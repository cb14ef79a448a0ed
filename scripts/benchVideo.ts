// npm run bench:video -- [--size 256] [--frames 5] [--iters N] [--coarse-iters N] [--backend wasm] [--long-term] [--flow-only]:
// issue 23's measures of the video engine (src/engine/video/), on a clip made from a demo photo with
// known motion (a pan and a moving square, src/engine/testing/syntheticClip.ts), against the same
// frames stylised one by one with the same settings. With --long-term, also with Ruder et al.'s
// long-term term (frames t−2, t−4), and the consistency over two and four frames of each.
// One JSON line a frame, then a summary, on stdout; with --flow-only, only the flows' line.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { framesHeldTo, LONG_TERM_OFFSETS, opticalFlow, startVideoFrame, temporalError, Vgg19, withDefaults, type FrameStats, type RgbaImage } from '../src/engine';
import { diskModelReader, initNodeBackend, NODE_BACKENDS, type NodeBackend } from '../src/engine/device/nodeRuntime';
import { imageToTensor, resizeImage, tensorToImage } from '../src/engine/image/image';
import { consistencyWeights } from '../src/engine/video/consistency';
import { readImageFile } from '../src/engine/image/readImageFile';
import { DEFAULT_MOTION, syntheticClip } from '../src/engine/testing/syntheticClip';

const { values: opts } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    frames: { type: 'string', default: '5' },
    iters: { type: 'string' },
    'coarse-iters': { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    'long-term': { type: 'boolean', default: false },
    'flow-only': { type: 'boolean', default: false },
    public: { type: 'string', default: resolve(import.meta.dirname, '..', 'public') },
  },
});
const log = (message: string) => console.error(`bench:video: ${message}`);
const backend = opts.backend as NodeBackend;
if (!NODE_BACKENDS.includes(backend)) throw new Error(`--backend is one of ${NODE_BACKENDS.join(', ')}`);
await initNodeBackend(backend);
const vgg = await Vgg19.load(diskModelReader(join(opts.public, 'models', 'vgg19')));
const size = Number(opts.size);
// Seeded noise, as Ruder et al. start and as a clip is repeated: frames stylised alone differ the most.
const settings = withDefaults({
  size,
  init: 'noise',
  ...(opts.iters ? { iterations: Number(opts.iters) } : {}),
  ...(opts['coarse-iters'] ? { coarseIterations: Number(opts['coarse-iters']) } : {}),
});

// The clip: 4:3 frames of `size`, cut from the photo seen at 1.5 times their size, or larger where
// a long clip's pan and square need more room.
const photoFull = await readImageFile(join(opts.public, 'demo', 'tubingen.jpg'));
const painting = await readImageFile(join(opts.public, 'demo', 'the_scream.jpg'));
const frameSize = { width: size, height: Math.round((size * 3) / 4) };
const frameCount = Number(opts.frames);
const room = (side: number, pan: number) => Math.max(1.5 * side, side + Math.abs(pan) * (frameCount - 1) + Math.min(frameSize.width, frameSize.height) / 4 + 1);
const cut = Math.max(room(frameSize.width, DEFAULT_MOTION.pan.x) / photoFull.width, room(frameSize.height, DEFAULT_MOTION.pan.y) / photoFull.height);
const photoTensor = tf.tidy(() => resizeImage(imageToTensor(photoFull), { width: Math.round(photoFull.width * cut), height: Math.round(photoFull.height * cut) }));
const photo = await tensorToImage(photoTensor);
photoTensor.dispose();
const clip = syntheticClip(photo, frameSize, frameCount);
const styles = [{ image: painting, weight: 1 }];

/**
 * Mean endpoint error of our flow against the truth over the pixels seen in both frames, its
 * seconds, and the share of the background the moving square uncovers (hidden in the frame before,
 * though inside it) that the consistency check does not trust.
 */
async function flowError(t: number): Promise<{ endpointError: number; flowSeconds: number; uncoveredCaught: number }> {
  const started = performance.now();
  const [now, before] = [imageToTensor(clip.frames[t]), imageToTensor(clip.frames[t - 1])];
  const flow = opticalFlow(now, before);
  const values = await flow.data();
  const flowSeconds = (performance.now() - started) / 1000;
  const forward = opticalFlow(before, now);
  const weightsTensor = consistencyWeights(flow, forward, now, before);
  const weights = await weightsTensor.data();
  tf.dispose([now, before, flow, forward, weightsTensor]);
  const [truth, seen] = [clip.backwardFlows[t - 1], clip.visible[t - 1]];
  const { width, height } = frameSize;
  let sum = 0;
  let count = 0;
  let uncovered = 0;
  let caught = 0;
  for (let p = 0; p < seen.length; p++) {
    if (!seen[p]) {
      const [x, y] = [(p % width) + truth[2 * p], Math.floor(p / width) + truth[2 * p + 1]];
      if (x < 0 || x > width - 1 || y < 0 || y > height - 1) continue;
      uncovered++;
      if (weights[p] === 0) caught++;
      continue;
    }
    sum += Math.hypot(values[2 * p] - truth[2 * p], values[2 * p + 1] - truth[2 * p + 1]);
    count++;
  }
  return { endpointError: sum / count, flowSeconds, uncoveredCaught: caught / uncovered };
}

/** The clip stylised frame by frame: from the frame before, also from frames t−2 and t−4 (long-term), or each alone. */
type Mode = 'video' | 'long' | 'alone';

interface FrameLine {
  frame: number;
  mode: Mode;
  seconds: number;
  stats: FrameStats;
  /** The temporal error against frame t − back for each of LONG_TERM_OFFSETS the clip has, with the true flow over those frames. */
  temporalError: Record<number, number>;
  /** The same over the pixels frame t−1 hid and frame t − back shows (what the long-term term is for), where there are any. */
  returningError: Record<number, number>;
  tensors: number;
  heapMB: number;
}

async function stylise(mode: Mode): Promise<FrameLine[]> {
  const lines: FrameLine[] = [];
  const results: RgbaImage[] = [];
  for (const [t, frame] of clip.frames.entries()) {
    const started = performance.now();
    const [previous, ...further] = mode === 'alone' ? [] : framesHeldTo(t, mode === 'long').map((i) => ({ frame: clip.frames[i], result: results[i] }));
    const { image, stats } = await startVideoFrame(vgg, { content: frame, styles }, previous && (mode === 'long' ? { ...previous, further } : previous), settings).result;
    const seconds = (performance.now() - started) / 1000;
    results.push(image);
    const errors: Record<number, number> = {};
    const returning: Record<number, number> = {};
    for (const back of LONG_TERM_OFFSETS.filter((back) => back <= t)) {
      const truth = clip.flowBack(t, back);
      errors[back] = await temporalError(image, results[t - back], truth.flow, truth.visible);
      const hiddenBefore = truth.visible.map((seen, p) => seen * (1 - clip.visible[t - 1][p]));
      if (back > 1 && hiddenBefore.some((seen) => seen > 0)) returning[back] = await temporalError(image, results[t - back], truth.flow, hiddenBefore);
    }
    // Collected first (`tsx --expose-gc`), so the heap says what is still held, not what awaits collection.
    (globalThis as { gc?: () => void }).gc?.();
    const line = { frame: t + 1, mode, seconds, stats, temporalError: errors, returningError: returning, tensors: tf.memory().numTensors, heapMB: process.memoryUsage().heapUsed / 2 ** 20 };
    console.log(JSON.stringify(line));
    lines.push(line);
  }
  return lines;
}

log(`${backend}, ${clip.frames.length} frames of ${frameSize.width}×${frameSize.height}, ${settings.scales} scales, ${settings.coarseIterations}+${settings.iterations} iterations`);
const flows = [];
for (let t = 1; t < clip.frames.length; t++) flows.push(await flowError(t));
if (opts['flow-only']) {
  // The flow and its check alone, a minute where the whole bench takes many.
  console.log(JSON.stringify({ type: 'flow', backend, size: frameSize, frames: flows }));
  process.exit(0);
}
const video = await stylise('video');
const long = opts['long-term'] ? await stylise('long') : undefined;
const alone = await stylise('alone');

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const later = (lines: FrameLine[]) => lines.slice(1);
/** The mean temporal error over `back` frames, over the frames that have one that far back. */
const errorOver = (lines: FrameLine[], back: number, errors = (l: FrameLine) => l.temporalError) =>
  mean(lines.filter((l) => errors(l)[back] !== undefined).map((l) => errors(l)[back]));
const videoError = errorOver(video, 1);
const aloneError = errorOver(alone, 1);
const videoStyle = mean(later(video).map((l) => l.stats.losses!.style));
const aloneStyle = mean(later(alone).map((l) => l.stats.losses!.style));
const fromThird = video.slice(2);

/** The long-term run beside the short-term one and the frames alone: the consistency over 1, 2 and 4 frames, and its cost. */
function longTermSummary(long: FrameLine[]) {
  const runs = { video, long, alone };
  const over = (back: number, errors?: (l: FrameLine) => Record<number, number>) =>
    Object.fromEntries(Object.entries(runs).map(([mode, lines]) => [mode, errorOver(lines, back, errors)]));
  const offsets = LONG_TERM_OFFSETS.filter((back) => back < clip.frames.length);
  const fromThirdLong = long.slice(2);
  return {
    temporalError: Object.fromEntries(offsets.map((back) => [`t-${back}`, over(back)])),
    returningError: Object.fromEntries(offsets.slice(1).map((back) => [`t-${back}`, over(back, (l) => l.returningError)])),
    styleLoss: { video: videoStyle, long: mean(later(long).map((l) => l.stats.losses!.style)) },
    iterations: { video: mean(later(video).map((l) => l.stats.iterations)), long: mean(later(long).map((l) => l.stats.iterations)) },
    secondsPerFrame: { video: mean(later(video).map((l) => l.seconds)), long: mean(later(long).map((l) => l.seconds)) },
    flowSecondsPerFrame: { video: mean(later(video).map((l) => l.stats.flowSeconds)), long: mean(later(long).map((l) => l.stats.flowSeconds)) },
    heldFurther: LONG_TERM_OFFSETS.slice(1).map((back, j) => ({ back, share: mean(long.filter((l) => l.stats.further?.[j] !== undefined).map((l) => l.stats.further![j])) })),
    fromFrame3: { tensorsAdded: Math.max(...fromThirdLong.map((l) => l.tensors)) - Math.min(...fromThirdLong.map((l) => l.tensors)) },
  };
}
console.log(
  JSON.stringify({
    type: 'summary',
    backend,
    size: frameSize,
    frames: clip.frames.length,
    temporalError: { video: videoError, alone: aloneError, ratio: videoError / aloneError },
    styleLoss: { video: videoStyle, alone: aloneStyle, ratio: videoStyle / aloneStyle },
    iterations: { first: video[0].stats.iterations, later: mean(later(video).map((l) => l.stats.iterations)), ratio: mean(later(video).map((l) => l.stats.iterations)) / video[0].stats.iterations },
    secondsPerFrame: { first: video[0].seconds, later: mean(later(video).map((l) => l.seconds)), alone: mean(alone.map((l) => l.seconds)) },
    flow: { endpointError: mean(flows.map((f) => f.endpointError)), uncoveredCaught: mean(flows.map((f) => f.uncoveredCaught)), secondsEachWay: mean(flows.map((f) => f.flowSeconds)), secondsPerFrame: mean(later(video).map((l) => l.stats.flowSeconds)) },
    trusted: mean(later(video).map((l) => l.stats.trusted)),
    fromFrame3: { tensorsAdded: Math.max(...fromThird.map((l) => l.tensors)) - Math.min(...fromThird.map((l) => l.tensors)), heapMB: fromThird.map((l) => Math.round(l.heapMB)) },
    ...(long && { longTerm: longTermSummary(long) }),
  }),
);
vgg.dispose();
process.exit(0);
