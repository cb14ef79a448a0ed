// The benchmark page: drives the app's real style worker (the built one, through the same client
// as the UI) and prints one JSON line per measurement to the console, where scripts/benchBrowser.ts
// reads them. What is measured, and the lines, are the engine's benchmark suite.
// With ?features it measures nothing by itself: it offers the browser tests the worker's
// activations on a picture they give (window.featuresEngine), to hold each backend to the golden ones.
import { BENCH_CONTENT, BENCH_STYLE, centreSquare, errorLine, runBenchmarkSuite, type BenchLine, type BenchTarget, type SuiteOptions } from '../engine/benchmark/benchmarkSuite';
import { withDefaults } from '../engine/settings';
import { decodeImage } from '../state/decodeImage';
import { StyleWorkerClient, type EngineEvent } from '../worker/client';
import { isBackendName, type BackendName, type BenchmarkRequest, type BenchmarkResult, type RgbaImage } from '../worker/protocol';

const params = new URLSearchParams(location.search);
const forced = params.get('backend');
const backendParam = isBackendName(forced) ? forced : undefined;
const suite: SuiteOptions = {
  sizes: (params.get('sizes') ?? '128,256,512').split(',').map(Number),
  qualitySize: Number(params.get('quality') ?? 0),
  referenceIterations: Number(params.get('reference') ?? 300),
};

function emit(line: BenchLine): void {
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

async function demoImage(name: string): Promise<RgbaImage> {
  const blob = await (await fetch(new URL(`../../demo/${name}`, location.href))).blob();
  return centreSquare((await decodeImage(blob, name)).image);
}

async function benchmark(request: BenchmarkRequest): Promise<BenchmarkResult> {
  const answer = next('benchmarkResult');
  client.benchmark(request);
  return (await answer).result;
}

const MODEL_URL = new URL('../../models/vgg19/', location.href).href;

/** What ?features offers the browser tests, once the worker has loaded the model (or failed to). */
export interface FeaturesEngine {
  backend?: BackendName;
  error?: string;
  measure(request: Extract<BenchmarkRequest, { kind: 'features' }>): Promise<BenchmarkResult>;
}

async function offerFeatures(): Promise<void> {
  const ready = next('ready');
  client.init(MODEL_URL, backendParam);
  const { backend } = await ready;
  const engine: FeaturesEngine = { backend: backend.name, measure: benchmark };
  Object.assign(window, { featuresEngine: engine });
}

async function main(): Promise<void> {
  const loadStart = performance.now();
  const ready = next('ready');
  client.init(MODEL_URL, backendParam);
  const { backend, loadMs } = await ready;
  const modelLoadMs = performance.now() - loadStart;
  const [content, style] = await Promise.all([demoImage(BENCH_CONTENT), demoImage(BENCH_STYLE)]);

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

  const target: BenchTarget = {
    backend: backend.name,
    async steps(size, iterations, gradients, regions) {
      const result = await benchmark({ kind: 'steps', content, style, size, iterations, gradients, regions });
      if (result.kind !== 'steps') throw new Error('expected a step measurement');
      return result.measurement;
    },
    async quality(pair, size, referenceIterations) {
      const [photo, painting] = await Promise.all([demoImage(pair.content), demoImage(pair.style)]);
      const result = await benchmark({ kind: 'quality', content: photo, style: painting, size, referenceIterations });
      if (result.kind !== 'quality') throw new Error('expected a quality measurement');
      return result.measurement;
    },
  };
  await runBenchmarkSuite(target, suite, emit);
}

if (params.has('features')) {
  offerFeatures().catch((error: unknown) => {
    const engine: FeaturesEngine = { error: String(error), measure: () => Promise.reject(error) };
    Object.assign(window, { featuresEngine: engine });
  });
} else {
  main()
    .then(() => console.log('BENCH_DONE'))
    .catch((error: unknown) => {
      emit(errorLine(backendParam ?? 'auto', error));
      console.log('BENCH_DONE');
    })
    .finally(() => client.dispose());
}
