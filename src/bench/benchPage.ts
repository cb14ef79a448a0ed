// The benchmark page: drives the app's real style worker (the built one, through the same client
// as the UI) and prints one JSON line per measurement to the console, where scripts/bench.mjs reads them.
import { withDefaults } from '../engine/settings';
import { decodeImage } from '../state/decodeImage';
import { StyleWorkerClient, type EngineEvent } from '../worker/client';
import { isBackendName, type BenchmarkRequest, type BenchmarkResult, type RgbaImage } from '../worker/protocol';

const params = new URLSearchParams(location.search);
const forced = params.get('backend');
const backendParam = isBackendName(forced) ? forced : undefined;
const sizes = (params.get('sizes') ?? '128,256,512').split(',').map(Number);
const qualitySize = Number(params.get('quality') ?? 0);
/** A step estimated to take longer than this is skipped, and the skip said in a line. */
const MAX_STEP_MS = 60_000;

function emit(line: Record<string, unknown>): void {
  const text = JSON.stringify(line);
  console.log(`BENCH ${text}`);
  document.getElementById('log')!.textContent += text + '\n';
}

let listener: (event: EngineEvent) => void = () => {};
const client = new StyleWorkerClient((event) => listener(event));

function next<T extends EngineEvent['type']>(type: T, accept: (e: Extract<EngineEvent, { type: T }>) => boolean = () => true) {
  return new Promise<Extract<EngineEvent, { type: T }>>((resolve, reject) => {
    listener = (event) => {
      if (event.type === 'error' || event.type === 'gaveUp') reject(new Error('message' in event ? event.message : event.reason));
      else if (event.type === type && accept(event as Extract<EngineEvent, { type: T }>)) resolve(event as Extract<EngineEvent, { type: T }>);
    };
  });
}

/** The centre square of an image, so that "size 256" means 256x256 pixels as the targets do. */
function centreSquare({ width, height, data }: RgbaImage): RgbaImage {
  const side = Math.min(width, height);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const square = new Uint8ClampedArray(side * side * 4);
  for (let row = 0; row < side; row++) {
    const from = ((top + row) * width + left) * 4;
    square.set(data.subarray(from, from + side * 4), row * side * 4);
  }
  return { width: side, height: side, data: square };
}

async function demoImage(name: string): Promise<RgbaImage> {
  const blob = await (await fetch(new URL(`../../demo/${name}`, location.href))).blob();
  return centreSquare((await decodeImage(blob, name)).image);
}

async function benchmark(request: BenchmarkRequest): Promise<BenchmarkResult> {
  const answer = next('benchmarkResult');
  client.benchmark(request);
  return (await answer).result;
}

async function main(): Promise<void> {
  const loadStart = performance.now();
  const ready = next('ready');
  client.init(new URL('../../models/vgg19/', location.href).href, backendParam);
  const { backend, loadMs } = await ready;
  const modelLoadMs = performance.now() - loadStart;
  const [content, style] = await Promise.all([demoImage('winter-wolf.jpg'), demoImage('the_scream.jpg')]);

  // From pressing start to the first frame on screen, with the app's default schedule at 256 px.
  const startAt = performance.now();
  const firstFrame = next('frame');
  const runId = client.start({ content, styles: [{ image: style, weight: 1 }] }, withDefaults({ size: 256 }));
  await firstFrame;
  const startToFirstFrameMs = performance.now() - startAt;
  const cancelled = next('cancelled');
  client.cancel(runId);
  await cancelled;
  emit({ type: 'startup', backend: backend.name, detail: backend.detail, modelLoadMs, workerLoadMs: loadMs, startToFirstFrameMs });

  let lastMs = 0;
  let lastSize = 0;
  let baselineRatio = 0;
  for (const size of sizes) {
    const estimate = lastMs * (size / lastSize) ** 2;
    if (lastMs && estimate > MAX_STEP_MS) {
      emit({ type: 'skip', backend: backend.name, size, reason: `a step would take about ${Math.round(estimate / 1000)} s` });
      continue;
    }
    const iterations = estimate > 20_000 ? 4 : 8;
    const fast = await benchmark({ kind: 'steps', content, style, size, iterations, gradients: 'fast' });
    if (fast.kind !== 'steps') throw new Error('expected a step measurement');
    // The plain-way baseline, unless it would take over a minute a step.
    const baselineEstimate = fast.measurement.msPerIter * (baselineRatio || 15);
    let baselineMsPerIter: number | null = null;
    if (baselineEstimate <= MAX_STEP_MS) {
      const baseline = await benchmark({ kind: 'steps', content, style, size, iterations: 2, gradients: 'stock' });
      if (baseline.kind !== 'steps') throw new Error('expected a step measurement');
      baselineMsPerIter = baseline.measurement.msPerIter;
      baselineRatio = baselineMsPerIter / fast.measurement.msPerIter;
    } else {
      emit({ type: 'skip', backend: backend.name, size, baseline: true, reason: `a baseline step would take about ${Math.round(baselineEstimate / 1000)} s` });
    }
    const m = fast.measurement;
    emit({
      backend: backend.name,
      size,
      msPerIter: Math.round(m.msPerIter),
      baselineMsPerIter: baselineMsPerIter === null ? null : Math.round(baselineMsPerIter),
      speedup: baselineMsPerIter === null ? null : +(baselineMsPerIter / m.msPerIter).toFixed(2),
      peakBytes: m.peakBytes,
      numTensorsGrowth: m.numTensorsGrowth,
      evaluationsPerIter: +m.evaluationsPerIter.toFixed(2),
      msPerIterWithFrame: Math.round(m.msPerIterWithFrame),
      frameOverhead: +(m.msPerIterWithFrame / m.msPerIter - 1).toFixed(3),
    });
    lastMs = m.msPerIter;
    lastSize = size;
  }

  if (qualitySize) {
    const quality = await benchmark({ kind: 'quality', content, style, size: qualitySize, referenceIterations: 300 });
    if (quality.kind !== 'quality') throw new Error('expected a quality measurement');
    const q = quality.measurement;
    emit({
      type: 'quality',
      backend: backend.name,
      size: q.size,
      secondsToQuality: q.secondsToQuality === null ? null : +q.secondsToQuality.toFixed(1),
      singleScaleSeconds: +q.singleScaleSeconds.toFixed(1),
      ratio: q.ratio === null ? null : +q.ratio.toFixed(3),
      singleScaleLoss: +q.singleScaleLoss.toFixed(4),
      multiScaleFinalLoss: +q.multiScaleFinalLoss.toFixed(4),
      singleScalePyramidSeconds: q.singleScalePyramidSeconds === null ? null : +q.singleScalePyramidSeconds.toFixed(1),
      referenceIterations: q.referenceIterations,
    });
  }
}

main()
  .then(() => console.log('BENCH_DONE'))
  .catch((error: unknown) => {
    emit({ type: 'error', backend: backendParam ?? 'auto', message: error instanceof Error ? error.message : String(error) });
    console.log('BENCH_DONE');
  })
  .finally(() => client.dispose());
