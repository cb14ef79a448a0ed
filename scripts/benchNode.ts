// The Node half of `npm run bench`: the engine measured directly on tfjs in Node (webgpu-node: the
// GPU through Dawn's WebGPU binding; wasm-node, cpu-node), with the browser page's suite and lines.
import { join } from 'node:path';
import { Vgg19 } from '../src/engine';
import { measureSecondsToQuality, measureStartToFirstFrame, measureSteps } from '../src/engine/benchmark/benchmark';
import { BENCH_CONTENT, BENCH_STYLE, centreSquare, runBenchmarkSuite, type BenchLine, type BenchTarget, type SuiteOptions } from '../src/engine/benchmark/benchmarkSuite';
import { defaultNodeBackend, diskModelReader, initNodeBackend, NODE_BACKENDS, webGpuAdapterName, type NodeBackend } from '../src/engine/device/nodeRuntime';
import { readBenchPicture } from './benchPictures';

/** 'webgpu-node' → 'webgpu': the suffix tells these apart from the browser's backends of the same name. */
export function nodeBackendOf(name: string): NodeBackend | undefined {
  return NODE_BACKENDS.find((backend) => `${backend}-node` === name);
}

export interface NodeBenchOptions extends SuiteOptions {
  /** The folder that holds models/vgg19/ and demo/, as public/ does. */
  publicDir: string;
  /** Largest side optimised in one piece (default 512): a larger step size would go in tiles. */
  tileSize?: number;
  /** Refuse a software WebGPU adapter (llvmpipe, SwiftShader): its numbers are not a GPU's. */
  gpuOnly: boolean;
}

export async function benchNode(name: string, options: NodeBenchOptions, emit: (line: BenchLine) => void): Promise<void> {
  const backend = nodeBackendOf(name);
  if (!backend) throw new Error(`${name} is not a Node backend`);
  const adapter = backend === 'webgpu' ? await webGpuAdapterName() : undefined;
  // The engine takes WebGPU by itself only on a hardware adapter.
  if (backend === 'webgpu' && options.gpuOnly && (await defaultNodeBackend()) !== 'webgpu') {
    throw new Error(`the WebGPU adapter is ${adapter ?? 'missing'}, not a GPU (--gpu-only)`);
  }
  await initNodeBackend(backend);
  const loadStart = performance.now();
  const vgg = await Vgg19.load(diskModelReader(join(options.publicDir, 'models', 'vgg19')));
  const modelLoadMs = performance.now() - loadStart;
  try {
    const demo = async (file: string) => centreSquare(await readBenchPicture(join(options.publicDir, 'demo'), file));
    const [content, style] = await Promise.all([demo(BENCH_CONTENT), demo(BENCH_STYLE)]);
    const startToFirstFrameMs = await measureStartToFirstFrame(vgg, content, style);
    emit({ type: 'startup', backend: name, detail: adapter ?? 'Node', modelLoadMs, startToFirstFrameMs });
    const settings = options.tileSize ? { tileSize: options.tileSize } : undefined;
    const target: BenchTarget = {
      backend: name,
      steps: (size, iterations, gradients, regions) => measureSteps(vgg, content, style, { size, iterations, gradients, settings, regions }),
      quality: async (pair, size, referenceIterations) => {
        const [photo, painting] = await Promise.all([demo(pair.content), demo(pair.style)]);
        return measureSecondsToQuality(vgg, photo, painting, size, referenceIterations);
      },
    };
    await runBenchmarkSuite(target, options, emit);
  } finally {
    vgg.dispose();
  }
}
