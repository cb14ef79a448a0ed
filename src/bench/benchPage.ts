// The benchmark page: drives the app's real style worker (the built one, through the same client
// as the UI) and prints one JSON line per measurement to the console, where scripts/benchBrowser.ts
// reads them. What is measured, and the lines, are the engine's benchmark suite.
import { BENCH_CONTENT, BENCH_STYLE, centreSquare, errorLine, runBenchmarkSuite, type BenchLine, type BenchTarget, type SuiteOptions } from '../engine/benchmark/benchmarkSuite';
import { withDefaults } from '../engine/settings';
import { decodeImage } from '../state/decodeImage';
import { StyleWorkerClient, type EngineEvent } from '../worker/client';
import { isBackendName, type BenchmarkRequest, type BenchmarkResult, type RgbaImage } from '../worker/protocol';

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

async function main(): Promise<void> {
  const loadStart = performance.now();
  const ready = next('ready');
  client.init(new URL('../../models/vgg19/', location.href).href, backendParam);
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

main()
  .then(() => console.log('BENCH_DONE'))
  .catch((error: unknown) => {
    emit(errorLine(backendParam ?? 'auto', error));
    console.log('BENCH_DONE');
  })
  .finally(() => client.dispose());
