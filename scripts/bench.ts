// npm run bench: measures the engine on each backend asked for and prints one JSON object per line
// on stdout (progress goes to stderr).
//   npm run bench -- [--backends wasm,webgl,webgpu,cpu] [--sizes 128,256,512] [--quality 256]
//                    [--reference-iterations 300] [--tile N] [--public DIR] [--gpu-only]
// wasm, webgl, webgpu and cpu run the built app's worker in headless Chromium (scripts/benchBrowser.ts,
// which builds first); webgpu-node (Dawn), wasm-node and cpu-node call the engine in this process
// (scripts/benchNode.ts), with no build and no browser. --tile, --public and --gpu-only are theirs.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errorLine, type BenchLine, type SuiteOptions } from '../src/engine/benchmark/benchmarkSuite';
import { isBackendName } from '../src/worker/protocol';
import { benchNode, nodeBackendOf } from './benchNode';
import type { BrowserBench } from './benchBrowser';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,webgl,webgpu,cpu' },
    sizes: { type: 'string', default: '128,256,512' },
    quality: { type: 'string', default: '256' },
    'reference-iterations': { type: 'string', default: '300' },
    tile: { type: 'string' },
    public: { type: 'string', default: join(root, 'public') },
    'gpu-only': { type: 'boolean', default: false },
    port: { type: 'string', default: '4174' },
  },
});
const log = (message: string) => console.error(`bench: ${message}`);
let failed = false;
function print(line: BenchLine): void {
  if (line.type === 'error') failed = true;
  console.log(JSON.stringify(line));
}

const backends = opts.backends.split(',');
const unknown = backends.filter((name) => !isBackendName(name) && !nodeBackendOf(name));
if (unknown.length) {
  log(`unknown backend ${unknown.join(', ')}: use wasm, webgl, webgpu, cpu, webgpu-node, wasm-node or cpu-node`);
  process.exit(1);
}
const sizes = opts.sizes.split(',').filter(Boolean).map(Number);
const referenceIterations = Number(opts['reference-iterations']);

// Playwright and the build only when a browser backend is asked for.
let browser: BrowserBench | undefined;
if (backends.some(isBackendName)) {
  browser = await (await import('./benchBrowser')).openBrowserBench(root, opts.port, print, log);
}
try {
  for (const [index, backend] of backends.entries()) {
    log(`${backend}: measuring sizes ${sizes.join(',')}`);
    // The quality comparison is long: run it once, on the first backend (the one the app would pick).
    const suite: SuiteOptions = { sizes, qualitySize: index === 0 ? Number(opts.quality) : 0, referenceIterations };
    if (isBackendName(backend)) await browser!.run(backend, suite);
    else {
      const options = { ...suite, publicDir: resolve(opts.public), tileSize: opts.tile ? Number(opts.tile) : undefined, gpuOnly: opts['gpu-only'] };
      await benchNode(backend, options, print).catch((error: unknown) => print(errorLine(backend, error)));
    }
  }
} finally {
  await browser?.close();
}
// Dawn and the browser's server would keep Node alive.
process.exit(failed ? 1 : 0);
