// npm run stylize -- CONTENT STYLE OUT.png [options]: the engine of the app, run in Node on the GPU
// (tfjs WebGPU through Dawn) or on wasm. For batches, and for comparing quality without a browser.
import { statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  LAYER_NAMES,
  Vgg19,
  startStyleTransfer,
  withDefaults,
  type LayerName,
  type LayerWeights,
  type FrameStats,
  type Progress,
  type StyleInputs,
  type StyleSettings,
} from '../src/engine';
import { hasTransparency, PICTURE_MESSAGES } from '../src/engine/image/pictureFiles';
import { COLOUR_MODES, DEFAULT_SETTINGS, INITIAL_IMAGES, MIN_TILE_SIZE, OPTIMIZERS, STYLE_TERMS } from '../src/engine/settings';
import { defaultNodeBackend, diskModelReader, initNodeBackend, NODE_BACKENDS, webGpuAdapterName } from '../src/engine/device/nodeRuntime';
import { encodePng } from '../src/engine/image/png';
import { readImageFile } from '../src/engine/image/readImageFile';
import { stylizeFrames } from './stylizeFrames';
import { fileStamps, isClip, planClip, stylizeVideo, VIDEO_OUTPUTS } from './stylizeVideo';
import { VIDEO_FRAME_RATES, VIDEO_SIZES } from '../src/state/videoStore';

const d = DEFAULT_SETTINGS;
const layerList = (layers: LayerWeights) => Object.entries(layers).map(([l, w]) => (w === 1 ? l : `${l}:${w}`)).join(',');

const USAGE = `usage: npm run stylize -- CONTENT STYLE[,STYLE...] OUT.png [options]
       npm run stylize -- --doodle TARGET_MAP.png STYLE[,STYLE...] OUT.png --style-maps MAP.png[,MAP.png...] [options]
       npm run stylize -- FRAMES_DIR STYLE[,STYLE...] OUT_DIR [options]   (a clip, frame by frame; resumes OUT_DIR)
       npm run stylize -- CLIP.mp4 STYLE[,STYLE...] OUT.mp4|OUT_DIR [options]
                         a video ffmpeg reads, written as ${VIDEO_OUTPUTS.join(', ')} (H.264; VP9 for .webm) with its
                         sound, or as a folder of frames; OUT.mp4.frames/ keeps the work, so a stopped run resumes
  --fps N                a clip's frames a second (default: the clip's own, at most ${VIDEO_FRAME_RATES[0]})
  --start S, --end S     the part of a clip to stylise, in seconds (default: all of it)
  --keep-frames          keep a clip's work folder (its frames, decoded and stylised) after the video is written
  --size N               long side of the output in pixels (default ${d.size}; ${VIDEO_SIZES[0]} for a clip)
  --iters N              iterations at the output size (default ${d.iterations})
  --coarse-iters N       iterations at each smaller scale before it, at most --iters (default ${d.coarseIterations})
  --scales N             number of scales, each twice the one before (default ${d.scales})
  --content-weight W     weight of the content loss (default ${d.weights.content})
  --style-weight W       weight of the style loss (default ${d.weights.style})
  --tv-weight W          weight of the total variation loss (default ${d.weights.tv})
  --steadiness W         a clip's temporal weight: how closely each frame keeps the one before (default ${d.weights.temporal})
  --long-term            a clip's frames also keep frames t−2 and t−4 where t−1 did not show them (Ruder et al.'s
                         long-term term; three times the optical flow a frame)
  --style-blend-weights W,W,...  share of each style image (default: equal)
  --style-scale X        size of the painting relative to the output: larger, larger strokes (default ${d.styleScale})
  --colour MODE          ${COLOUR_MODES.join(', ')}: luminance keeps the photo's colours,
                         histogram gives the painting the photo's colours first (default ${d.colour})
  --mask FILE            black-and-white image: the style goes where it is white
  --style-masks M,M,...  one black-and-white image per painting: each painting's style goes where its
                         mask is white, the photo stays where no mask is (INetwork's --style_masks)
  --target-map FILE      colour-coded map of the output (semantic style transfer): each colour's region
                         takes the style of the paintings' regions of the nearest colour
  --style-maps M,M,...   the paintings' colour-coded maps, one per painting, for --target-map or --doodle
  --doodle FILE          a colour-coded map painted into a picture with no photo (neural doodle):
                         give it in place of CONTENT, with --style-maps
  --content-layers L[:W],...  VGG19 layers of the content loss, with weights (default ${layerList(d.contentLayers)})
  --style-layers L[:W],...    layers of the style loss (default ${layerList(d.styleLayers)})
  --style-term NAME      ${STYLE_TERMS.join(' or ')}: gram is Gatys et al.'s at --style-layers; inetwork is
                         INetwork's: all 16 layers, shifted activations, chained losses (default ${d.styleTerm})
  --pooling NAME         max or avg (default ${d.pooling})
  --optimizer NAME       ${OPTIMIZERS.join(' or ')} (default ${d.optimizer})
  --lr X                 Adam's step / L-BFGS's first step, in pixel levels (default ${d.learningRate})
  --lbfgs-history N      past steps L-BFGS remembers (default ${d.lbfgsHistory})
  --pyramid N            coarser levels each L-BFGS step also moves the picture at; 0 = per-pixel
                         steps, as neural-style takes (default ${d.pyramidLevels})
  --init NAME            ${INITIAL_IMAGES.join(', ')} (default ${d.init}); previous needs --init-image
  --init-image FILE      the picture to start from, e.g. an earlier result
  --seed N               seed of the noise start (default ${d.seed})
  --tile N               largest side optimised in one piece; larger scales go in tiles (default ${d.tileSize})
  --trace FILE.json      write the losses over time as JSON
  --backend NAME         ${NODE_BACKENDS.join(', ')} (default: webgpu when a real GPU adapter is found, else wasm)`;

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

/** "relu1_1,relu2_1:0.5" → { relu1_1: 1, relu2_1: 0.5 }. */
function layers(value: string | undefined, name: string, fallback: LayerWeights): LayerWeights {
  if (value === undefined) return fallback;
  return Object.fromEntries(
    value.split(',').map((item) => {
      const [layer, weight = '1'] = item.split(':');
      if (!LAYER_NAMES.includes(layer as LayerName)) fail(`--${name}: "${layer}" is not a VGG19 layer (${LAYER_NAMES.join(', ')})`);
      return [layer, number(weight, name, 1)];
    }),
  );
}

const OPTION_NAMES = [
  'size', 'iters', 'coarse-iters', 'scales', 'content-weight', 'style-weight', 'tv-weight', 'steadiness', 'style-blend-weights', 'style-scale',
  'colour', 'mask', 'style-masks', 'target-map', 'style-maps', 'doodle', 'content-layers', 'style-layers', 'style-term', 'pooling', 'optimizer', 'lr', 'lbfgs-history', 'pyramid', 'init',
  'init-image', 'seed', 'tile', 'trace', 'backend', 'fps', 'start', 'end',
];

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: 'boolean' },
        'keep-frames': { type: 'boolean' },
        ...Object.fromEntries(OPTION_NAMES.map((name) => [name, { type: 'string' as const }])),
        // neural-style's spelling.
        color: { type: 'string' as const },
        'long-term': { type: 'boolean' },
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
const get = (name: string) => (opts as Record<string, string | boolean | undefined>)[name] as string | undefined;
const doodlePath = get('doodle');
if (doodlePath && get('target-map')) fail('--doodle is the target map of a picture with no photo: give --doodle or --target-map, not both');
if (positionals.length !== (doodlePath ? 2 : 3)) fail(`expected ${doodlePath ? '' : 'CONTENT '}STYLE OUT.png\n${USAGE}`);
const contentPath = doodlePath ? undefined : positionals[0];
const [stylePaths, outPath] = positionals.slice(-2);
const targetMapPath = doodlePath ?? get('target-map');
/** A folder of frames in, a folder of frames out: a clip. */
const framesDir = contentPath && statSync(contentPath, { throwIfNoEntry: false })?.isDirectory() ? contentPath : undefined;
/** A video file in, a video (or a folder of frames) out. */
const clipPath = contentPath && !framesDir && isClip(contentPath, outPath) ? contentPath : undefined;

const settings: StyleSettings = withDefaults({
  size: Math.round(number(get('size'), 'size', clipPath ? VIDEO_SIZES[0] : d.size)),
  iterations: Math.round(number(get('iters'), 'iters', d.iterations)),
  coarseIterations: Math.round(number(get('coarse-iters'), 'coarse-iters', d.coarseIterations)),
  scales: Math.max(1, Math.round(number(get('scales'), 'scales', d.scales))),
  weights: {
    content: number(get('content-weight'), 'content-weight', d.weights.content),
    style: number(get('style-weight'), 'style-weight', d.weights.style),
    tv: number(get('tv-weight'), 'tv-weight', d.weights.tv),
    temporal: number(get('steadiness'), 'steadiness', d.weights.temporal!),
  },
  styleScale: number(get('style-scale'), 'style-scale', d.styleScale) || d.styleScale,
  colour: choice(get('colour') ?? get('color'), 'colour', COLOUR_MODES, d.colour),
  contentLayers: layers(get('content-layers'), 'content-layers', d.contentLayers),
  styleLayers: layers(get('style-layers'), 'style-layers', d.styleLayers),
  styleTerm: choice(get('style-term'), 'style-term', STYLE_TERMS, d.styleTerm),
  pooling: choice(get('pooling'), 'pooling', ['max', 'avg'] as const, d.pooling),
  optimizer: choice(get('optimizer'), 'optimizer', OPTIMIZERS, d.optimizer),
  learningRate: number(get('lr'), 'lr', d.learningRate),
  lbfgsHistory: Math.max(1, Math.round(number(get('lbfgs-history'), 'lbfgs-history', d.lbfgsHistory))),
  pyramidLevels: Math.round(number(get('pyramid'), 'pyramid', d.pyramidLevels)),
  init: choice(get('init'), 'init', INITIAL_IMAGES, get('init-image') ? 'previous' : d.init),
  seed: Math.round(number(get('seed'), 'seed', d.seed)),
  tileSize: Math.max(MIN_TILE_SIZE, Math.round(number(get('tile'), 'tile', d.tileSize))),
});
if (settings.init === 'previous' && !get('init-image')) fail('--init previous needs --init-image FILE');
if (clipPath && get('init-image')) fail("--init-image is for a picture: each of a clip's frames starts from the frame before");
const optional = (name: string) => (get(name) === undefined ? undefined : number(get(name), name, 0));
// Checked before the model loads: a clip that is no clip is said at once.
const clip = clipPath
  ? await planClip(clipPath, outPath, { fps: optional('fps'), start: optional('start'), end: optional('end'), keepFrames: Boolean(opts['keep-frames']) }, settings.size).catch((error) =>
      fail((error as Error).message),
    )
  : undefined;

const styleFiles = stylePaths.split(',');
const blend = get('style-blend-weights')?.split(',').map((w) => number(w, 'style-blend-weights', 1)) ?? styleFiles.map(() => 1);
if (blend.length !== styleFiles.length) fail(`--style-blend-weights has ${blend.length} weights for ${styleFiles.length} style images`);

/** A comma-separated list of files, one per painting. */
function perPainting(name: string): string[] | undefined {
  const files = get(name)?.split(',');
  if (files && files.length !== styleFiles.length) fail(`--${name} has ${files.length} files for ${styleFiles.length} paintings: give one per painting`);
  return files;
}
const styleMaskFiles = perPainting('style-masks');
const styleMapFiles = perPainting('style-maps');
if (targetMapPath && !styleMapFiles) fail(`--${doodlePath ? 'doodle' : 'target-map'} needs --style-maps: the paintings' maps, in the same colours`);
if (styleMapFiles && !targetMapPath) fail('--style-maps needs --target-map (or --doodle): the map of the output to pair with');

const readOptional = (path: string | undefined) => (path ? readImageFile(path) : Promise.resolve(undefined));
const readAll = (paths: string[] | undefined) => (paths ? Promise.all(paths.map(readImageFile)) : Promise.resolve(undefined));
const [content, styles, mask, previous, targetMap, styleMasks, styleMaps] = await Promise.all([
  readOptional(framesDir || clipPath ? undefined : contentPath),
  Promise.all(styleFiles.map(readImageFile)),
  readOptional(get('mask')),
  readOptional(get('init-image')),
  readOptional(targetMapPath),
  readAll(styleMaskFiles),
  readAll(styleMapFiles),
]).catch((error) => fail((error as Error).message));
for (const [path, image] of [[contentPath, content] as const, ...styleFiles.map((path, i) => [path, styles[i]] as const)]) {
  if (image && hasTransparency(image)) console.error(`stylize: ${path}: ${PICTURE_MESSAGES.transparent}`);
}
const inputs: StyleInputs = {
  content,
  styles: styles.map((image, i) => ({ image, weight: blend[i], mask: styleMasks?.[i], map: styleMaps?.[i] })),
  mask,
  previous,
  targetMap,
};
const wanted = get('backend') ? choice(get('backend'), 'backend', NODE_BACKENDS, 'wasm') : await defaultNodeBackend();
const backend = await initNodeBackend(wanted).catch((error) => fail((error as Error).message));
const adapter = backend === 'webgpu' ? ` on ${await webGpuAdapterName()}` : '';
const loadStart = performance.now();
const vgg = await Vgg19.load(diskModelReader()).catch((error) =>
  fail(`could not load the VGG19 weights (${(error as Error).message}); run \`npm run model\` first`),
);
console.error(`stylize: ${backend} backend${adapter}, model loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

/** A clip's hooks: each frame as it is written, with the time so far and the time left at this pace. */
function frameProgress() {
  const start = performance.now();
  let first: number | undefined;
  return {
    onNotice: (message: string) => console.error(`stylize: ${message}`),
    onFrame(index: number, count: number, stats: FrameStats) {
      first ??= index;
      const seconds = (performance.now() - start) / 1000;
      const left = (seconds / (index - first + 1)) * (count - index - 1);
      const how = stats.fresh ? 'fresh' : `from the frame before, ${Math.round(stats.trusted * 100)}% trusted, flow ${stats.flowSeconds.toFixed(1)} s`;
      console.error(`stylize: frame ${index + 1}/${count} ${how}, ${stats.iterations} iterations, ${seconds.toFixed(1)} s, ${Math.round(left)} s left`);
    },
    longTerm: opts['long-term'],
  };
}

if (framesDir) {
  const report = await stylizeFrames(vgg, framesDir, outPath, inputs, settings, frameProgress()).catch((error) => fail((error as Error).message));
  console.error(`stylize: ${outPath}: kept ${report.kept} frames, wrote ${report.written}`);
  vgg.dispose();
  process.exit(0);
}

if (clip) {
  const { fps, start, end, probe } = clip;
  console.error(`stylize: ${clip.clip}: ${probe.width}x${probe.height}, ${probe.fps} fps${probe.audioCodec ? `, sound (${probe.audioCodec})` : ''}; frames from ${start} s to ${end === undefined ? 'the end' : `${end} s`} at ${fps} fps, ${clip.longSide} px long side`);
  // What the frames were painted with besides the settings: a work folder begun with other files starts afresh.
  const given = fileStamps([...styleFiles, get('mask'), ...(styleMaskFiles ?? []), ...(styleMapFiles ?? []), targetMapPath]);
  const report = await stylizeVideo(vgg, clip, inputs, settings, { given, blend }, frameProgress()).catch((error) => fail((error as Error).message));
  const sound = { copied: ', sound copied', encoded: ', sound encoded again', none: ', no sound' }[report.sound];
  console.error(`stylize: wrote ${outPath}: ${report.frames} frames (kept ${report.kept}, painted ${report.written})${clip.container ? sound : ''}`);
  vgg.dispose();
  process.exit(0);
}

const trace: (Progress & { seconds: number })[] = [];
const start = performance.now();
const run = startStyleTransfer(vgg, inputs, settings, {
  onNotice: (message) => console.error(`stylize: ${message}`),
  onIteration(progress) {
    trace.push({ ...progress, seconds: (performance.now() - start) / 1000 });
    const { scaleIndex, scaleCount, width, height, tileIndex, tileCount, iteration, iterationsPerScale, losses } = progress;
    if (iteration % 10 === 0 || iteration === iterationsPerScale) {
      const tile = tileCount > 1 ? ` tile ${tileIndex + 1}/${tileCount}` : '';
      console.error(
        `scale ${scaleIndex + 1}/${scaleCount} ${width}x${height}${tile} iter ${iteration}/${iterationsPerScale}` +
          ` loss ${losses.total.toFixed(4)} (content ${losses.content.toFixed(4)}, style ${losses.style.toFixed(4)}, tv ${losses.tv.toFixed(4)})` +
          ` ${progress.iterationsPerSecond.toFixed(2)} it/s, ${Math.round(progress.secondsLeft)} s left`,
      );
    }
  },
});
const result = await run.result.catch((error) => fail((error as Error).message));
writeFileSync(outPath, encodePng(result));
const seconds = (performance.now() - start) / 1000;
console.error(`stylize: wrote ${outPath} (${result.width}x${result.height}) in ${seconds.toFixed(1)} s`);
const tracePath = get('trace');
if (tracePath) {
  // What the run was given, as it understood the options, then how it went.
  const given = {
    content: contentPath,
    doodle: doodlePath,
    targetMap: inputs.targetMap && targetMapPath,
    styles: styleFiles.map((path, i) => ({
      path,
      weight: inputs.styles[i].weight,
      mask: inputs.styles[i].mask && styleMaskFiles?.[i],
      map: inputs.styles[i].map && styleMapFiles?.[i],
    })),
    mask: inputs.mask && get('mask'),
    initImage: inputs.previous && get('init-image'),
  };
  writeFileSync(tracePath, JSON.stringify({ ...given, backend, settings, seconds, trace }, null, 1));
}
vgg.dispose();
