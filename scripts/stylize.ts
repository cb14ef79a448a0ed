// npm run stylize -- CONTENT STYLE OUT.png [options]: the engine of the app, run in Node on the
// tfjs wasm backend. For batches, and for comparing quality without a browser.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Vgg19, startStyleTransfer, withDefaults, type Progress, type StyleSettings } from '../src/engine';
import { diskModelReader, encodePng, initNodeBackend, readImageFile } from '../src/engine/nodeRuntime';

const USAGE = `usage: npm run stylize -- CONTENT STYLE OUT.png [options]
  --size N             long side of the output in pixels (default ${withDefaults().size})
  --iters N            iterations at each scale (default ${withDefaults().iterations})
  --scales N           number of scales, each twice the one before (default ${withDefaults().scales})
  --content-weight W   weight of the content loss (default ${withDefaults().weights.content})
  --style-weight W     weight of the style loss (default ${withDefaults().weights.style})
  --tv-weight W        weight of the total variation loss (default ${withDefaults().weights.tv})
  --optimizer NAME     lbfgs or adam (default ${withDefaults().optimizer})
  --lr X               Adam's step / L-BFGS's first step, in pixel levels (default ${withDefaults().learningRate})
  --init NAME          content, noise or gray (default ${withDefaults().init})
  --pooling NAME       max or avg (default ${withDefaults().pooling})
  --seed N             seed of the noise start (default ${withDefaults().seed})
  --trace FILE.json    write the losses over time as JSON`;

function fail(message: string): never {
  console.error(`stylize: ${message}`);
  process.exit(1);
}

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} needs a non-negative number, got "${value}"`);
  return n;
}

function choice<T extends string>(value: string | undefined, name: string, options: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!options.includes(value as T)) fail(`--${name} is one of ${options.join(', ')}, got "${value}"`);
  return value as T;
}

const OPTION_NAMES = ['size', 'iters', 'scales', 'content-weight', 'style-weight', 'tv-weight', 'optimizer', 'lr', 'init', 'pooling', 'seed', 'trace'];

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: 'boolean' },
        ...Object.fromEntries(OPTION_NAMES.map((name) => [name, { type: 'string' as const }])),
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
}

const { values: opts, positionals } = parseCommandLine();
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 3) fail(`expected CONTENT STYLE OUT.png\n${USAGE}`);
const [contentPath, stylePath, outPath] = positionals;
const get = (name: string) => (opts as Record<string, string | boolean | undefined>)[name] as string | undefined;

const defaults = withDefaults();
const settings: StyleSettings = withDefaults({
  size: Math.round(number(get('size'), 'size', defaults.size)),
  iterations: Math.round(number(get('iters'), 'iters', defaults.iterations)),
  scales: Math.max(1, Math.round(number(get('scales'), 'scales', defaults.scales))),
  weights: {
    content: number(get('content-weight'), 'content-weight', defaults.weights.content),
    style: number(get('style-weight'), 'style-weight', defaults.weights.style),
    tv: number(get('tv-weight'), 'tv-weight', defaults.weights.tv),
  },
  optimizer: choice(get('optimizer'), 'optimizer', ['lbfgs', 'adam'] as const, defaults.optimizer),
  learningRate: number(get('lr'), 'lr', defaults.learningRate),
  init: choice(get('init'), 'init', ['content', 'noise', 'gray'] as const, defaults.init),
  pooling: choice(get('pooling'), 'pooling', ['max', 'avg'] as const, defaults.pooling),
  seed: Math.round(number(get('seed'), 'seed', defaults.seed)),
});

const [content, style] = await Promise.all([readImageFile(contentPath), readImageFile(stylePath)]).catch((error) =>
  fail((error as Error).message),
);
const backend = await initNodeBackend();
const loadStart = performance.now();
const vgg = await Vgg19.load(diskModelReader()).catch((error) =>
  fail(`could not load the VGG19 weights (${(error as Error).message}); run \`npm run model\` first`),
);
console.error(`stylize: ${backend} backend, model loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

const trace: (Progress & { seconds: number })[] = [];
const start = performance.now();
const run = startStyleTransfer(vgg, { content, styles: [{ image: style, weight: 1 }] }, settings, {
  onIteration(progress) {
    trace.push({ ...progress, seconds: (performance.now() - start) / 1000 });
    const { scaleIndex, scaleCount, width, height, iteration, iterationsPerScale, losses } = progress;
    if (iteration % 10 === 0 || iteration === iterationsPerScale) {
      console.error(
        `scale ${scaleIndex + 1}/${scaleCount} ${width}x${height} iter ${iteration}/${iterationsPerScale}` +
          ` loss ${losses.total.toFixed(4)} (content ${losses.content.toFixed(4)}, style ${losses.style.toFixed(4)}, tv ${losses.tv.toFixed(4)})` +
          ` ${progress.iterationsPerSecond.toFixed(2)} it/s, ${Math.round(progress.secondsLeft)} s left`,
      );
    }
  },
});
const result = await run.result;
writeFileSync(outPath, encodePng(result));
const seconds = (performance.now() - start) / 1000;
console.error(`stylize: wrote ${outPath} (${result.width}x${result.height}) in ${seconds.toFixed(1)} s`);
const tracePath = get('trace');
if (tracePath) {
  writeFileSync(tracePath, JSON.stringify({ content: contentPath, style: stylePath, backend, settings, seconds, trace }, null, 1));
}
vgg.dispose();
