// npx tsx scripts/doodleStart.ts [--size 256] [--checkpoints 10,20,40,80,160] [--out DIR] [--backend wasm|webgpu|cpu]
// Where a doodle (a target map, no photo) should start: from its regions filled with their painting
// regions' mean colours (init 'content'), or from seeded noise. Runs the shared doodle example
// (public/demo/creek-map.png painted like renoir.png by renoir-map.png) from both, one scale, and
// prints the style loss at each checkpoint as JSON lines; saves both pictures at each checkpoint in DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startStyleTransfer, Vgg19, withDefaults, type StyleInputs } from '../src/engine';
import { defaultNodeBackend, diskModelReader, initNodeBackend, type NodeBackend } from '../src/engine/device/nodeRuntime';
import { encodePng } from '../src/engine/image/png';
import { readImageFile } from '../src/engine/image/readImageFile';
import type { InitialImage } from '../src/engine/settings';

const { values: opts } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    checkpoints: { type: 'string', default: '10,20,40,80,160' },
    out: { type: 'string', default: '.scratch/doodle-start' },
    backend: { type: 'string' },
  },
});
const checkpoints = opts.checkpoints.split(',').map(Number);
const out = resolve(opts.out);
mkdirSync(out, { recursive: true });

const demo = (name: string) => readImageFile(resolve(import.meta.dirname, '../public/demo', name));
const [targetMap, renoir, renoirMap] = await Promise.all([demo('creek-map.png'), demo('renoir.png'), demo('renoir-map.png')]);
const inputs: StyleInputs = { targetMap, styles: [{ image: renoir, weight: 1, map: renoirMap }] };

const backend = await initNodeBackend((opts.backend as NodeBackend | undefined) ?? (await defaultNodeBackend()));
const vgg = await Vgg19.load(diskModelReader());

// 'content' is a doodle's colour fill: with no photo, the prepared photo is the regions' mean colours.
const starts: [string, InitialImage][] = [['fill', 'content'], ['noise', 'noise']];
for (const [name, init] of starts) {
  const settings = withDefaults({ size: Number(opts.size), scales: 1, coarseIterations: 0, iterations: Math.max(...checkpoints), init });
  const started = performance.now();
  const run = startStyleTransfer(vgg, inputs, settings, {
    onNotice: (message) => console.error(`doodleStart: ${message}`),
    async onIteration({ iteration, losses }, snapshot) {
      if (!checkpoints.includes(iteration)) return;
      writeFileSync(join(out, `${name}-${iteration}.png`), encodePng(await snapshot()));
      const seconds = (performance.now() - started) / 1000;
      console.log(JSON.stringify({ backend, size: settings.size, start: name, iteration, style: losses.style, tv: losses.tv, total: losses.total, seconds }));
    },
  });
  await run.result;
}
vgg.dispose();
