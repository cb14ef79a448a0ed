import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageToTensor } from '../src/engine/image/image';
import { initNodeBackend } from '../src/engine/device/nodeRuntime';
import { readImageFile } from '../src/engine/image/readImageFile';
import { hasTransparency } from '../src/engine/image/pictureFiles';
import { SHARED_DIR } from '../src/engine/testing/engineFixture';
import { withDefaults } from '../src/engine/settings';
import { colourError, halfColours, makeTestPictures } from './testPictures';

const run = promisify(execFile);
// Node with tsx's loader, as `npm run stylize` runs it, without npx's and tsx's own start-up on each of the many calls.
const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'stylize.ts'), ...args], { cwd: resolve(import.meta.dirname, '..') });
const image = (path: string) => join(SHARED_DIR, 'images', path);

describe('npm run stylize', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stylize-'));

  it('writes a stylised PNG of the requested size and a trace of the losses', async () => {
    const out = join(dir, 'wolf.png');
    const trace = join(dir, 'trace.json');
    await cli([
      image('content/winter-wolf.jpg'),
      image('style/the_scream.jpg'),
      out,
      ...['--size', '64', '--iters', '3', '--scales', '1', '--trace', trace],
      ...['--content-weight', '2', '--style-weight', '30', '--tv-weight', '0.1', '--init', 'noise', '--seed', '7', '--lbfgs-history', '4'],
      // neural-style's spelling.
      ...['--color', 'histogram'],
    ]);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([64, 36]);
    const { trace: entries, settings, styles } = JSON.parse(readFileSync(trace, 'utf8'));
    // Each option reached the run (every value differs from its default).
    expect(settings).toEqual(
      withDefaults({ size: 64, iterations: 3, scales: 1, weights: { content: 2, style: 30, tv: 0.1 }, init: 'noise', seed: 7, lbfgsHistory: 4, colour: 'histogram' }),
    );
    expect(styles).toEqual([{ path: image('style/the_scream.jpg'), weight: 1 }]);
    expect(entries).toHaveLength(3);
    expect(entries[2].losses.total).toBeLessThan(entries[0].losses.total);
    // A PNG input works as well as a JPEG one: feed the result back as the style.
    await cli([image('content/tubingen.jpg'), out, join(dir, 'again.png'), '--size', '48', '--iters', '1', '--scales', '1']);
    expect(PNG.sync.read(readFileSync(join(dir, 'again.png'))).width).toBe(48);
  });

  it('runs on the GPU backend when asked, and says which adapter it got', async () => {
    const out = join(dir, 'gpu.png');
    const { stderr } = await cli([image('content/winter-wolf.jpg'), image('style/the_scream.jpg'), out, '--size', '32', '--iters', '2', '--scales', '1', '--backend', 'webgpu']);
    // Without a GPU (CI) Dawn finds Mesa's lavapipe, a Vulkan driver on the CPU.
    expect(stderr).toMatch(/webgpu backend on \S+/);
    expect(PNG.sync.read(readFileSync(out)).width).toBe(32);
  });

  it('takes every control: blended paintings, mask, colour, layers, start image, tiles', async () => {
    const first = join(dir, 'first.png');
    await cli([image('content/winter-wolf.jpg'), image('style/the_scream.jpg'), first, '--size', '64', '--iters', '2', '--scales', '1']);
    const out = join(dir, 'controls.png');
    const trace = join(dir, 'controls.json');
    const { stderr } = await cli([
      image('content/winter-wolf.jpg'),
      `${image('style/the_scream.jpg')},${image('style/starry_night.jpg')}`,
      out,
      ...['--size', '160', '--iters', '2', '--scales', '1', '--style-blend-weights', '1,3', '--style-scale', '1.5'],
      ...['--colour', 'luminance', '--mask', image('content/winter-wolf-mask.jpg'), '--style-layers', 'relu1_1,relu3_1:0.5'],
      ...['--content-layers', 'relu3_2', '--pooling', 'avg', '--optimizer', 'adam', '--lr', '4', '--init-image', first, '--tile', '128'],
      ...['--pyramid', '0', '--coarse-iters', '1', '--style-term', 'inetwork', '--trace', trace],
    ]);
    // Each option reached the run (every value differs from its default).
    const given = JSON.parse(readFileSync(trace, 'utf8'));
    expect(given.settings).toEqual(
      withDefaults({
        ...{ size: 160, iterations: 2, scales: 1, styleScale: 1.5, colour: 'luminance', styleLayers: { relu1_1: 1, relu3_1: 0.5 } },
        ...{ contentLayers: { relu3_2: 1 }, pooling: 'avg', optimizer: 'adam', learningRate: 4, init: 'previous', tileSize: 128 },
        ...{ pyramidLevels: 0, coarseIterations: 1, styleTerm: 'inetwork' },
      }),
    );
    expect(given).toMatchObject({
      styles: [
        { path: image('style/the_scream.jpg'), weight: 1 },
        { path: image('style/starry_night.jpg'), weight: 3 },
      ],
      mask: image('content/winter-wolf-mask.jpg'),
      initImage: first,
    });
    expect(PNG.sync.read(readFileSync(out)).width).toBe(160);
    // 160 px is wider than a 128 px tile: the last scale goes in two tiles.
    expect(stderr).toMatch(/scale 1\/1 160x90 tile 2\/2/);
    await expect(cli([image('content/winter-wolf.jpg'), image('style/the_scream.jpg'), out, '--style-layers', 'relu9_9'])).rejects.toMatchObject({
      stderr: expect.stringContaining('"relu9_9" is not a VGG19 layer'),
    });
    await expect(cli([image('content/winter-wolf.jpg'), image('style/the_scream.jpg'), out, '--style-term', 'fancy'])).rejects.toMatchObject({
      stderr: expect.stringContaining('--style-term is one of gram, inetwork, got "fancy"'),
    });
    await expect(cli([image('content/winter-wolf.jpg'), image('style/the_scream.jpg'), out, '--init', 'previous'])).rejects.toMatchObject({
      stderr: expect.stringContaining('--init previous needs --init-image'),
    });
  });

  it("paints a doodle with no photo in the style of the painting's regions, or a photo by its map, and refuses bad maps with a sentence", async () => {
    const doodle = (name: string) => join(SHARED_DIR, 'images/doodle', name);
    const out = join(dir, 'doodle.png');
    const trace = join(dir, 'doodle.json');
    await cli(['--doodle', doodle('creek-map.png'), doodle('renoir.png'), out, '--style-maps', doodle('renoir-map.png'), '--size', '64', '--iters', '3', '--scales', '1', '--trace', trace]);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([64, 40]);
    const given = JSON.parse(readFileSync(trace, 'utf8'));
    expect(given.content).toBeUndefined();
    expect(given.doodle).toBe(doodle('creek-map.png'));
    expect(given.styles).toEqual([{ path: doodle('renoir.png'), weight: 1, map: doodle('renoir-map.png') }]);
    // No photo: no content term.
    expect(given.trace.every((entry: { losses: { content: number } }) => entry.losses.content === 0)).toBe(true);

    // The same map over its photo (neural_doodle.py's optional content image).
    const withPhoto = join(dir, 'creek.png');
    await cli([doodle('creek.jpg'), doodle('renoir.png'), withPhoto, '--target-map', doodle('creek-map.png'), '--style-maps', doodle('renoir-map.png'), '--size', '48', '--iters', '1', '--scales', '1']);
    expect(PNG.sync.read(readFileSync(withPhoto)).width).toBe(48);

    // Ten colours: more regions than the painter's palette has.
    const tenColours = join(dir, 'ten.png');
    const bands = new PNG({ width: 100, height: 20 });
    for (let p = 0; p < 100 * 20; p++) bands.data.set([(Math.floor((p % 100) / 10) * 97) % 256, (Math.floor((p % 100) / 10) * 53) % 256, (p % 100) % 20 < 10 ? 255 : 0, 255], p * 4);
    writeFileSync(tenColours, PNG.sync.write(bands));
    const refusals = [
      [['--doodle', tenColours, doodle('renoir.png'), out, '--style-maps', doodle('renoir-map.png'), '--size', '32', '--iters', '1', '--scales', '1'], 'This map has 10 regions; at most 8 are allowed'],
      [['--doodle', doodle('creek-map.png'), doodle('renoir.png'), out], '--doodle needs --style-maps'],
      [[doodle('creek.jpg'), doodle('renoir.png'), out, '--style-masks', `${doodle('creek-map.png')},${doodle('renoir-map.png')}`], '--style-masks has 2 files for 1 paintings'],
    ] as const;
    for (const [args, sentence] of refusals) {
      const failure = await cli([...args]).then(() => undefined, (error: { code: number; stderr: string }) => error);
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain(sentence);
    }
  });

  it('says clearly when an input is damaged, naming it', async () => {
    const truncated = join(dir, 'truncated.jpg');
    writeFileSync(truncated, readFileSync(image('content/winter-wolf.jpg')).subarray(0, 2000));
    await expect(cli([truncated, image('style/the_scream.jpg'), join(dir, 'y.png')])).rejects.toMatchObject({
      stderr: expect.stringMatching(/truncated\.jpg looks like JPEG but could not be decoded: it is damaged/),
    });
  });
});

describe('pictures people really have, through the decoder of npm run stylize', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pictures-'));
  const path = (picture: { name: string }) => join(dir, picture.name);
  let pictures: Awaited<ReturnType<typeof makeTestPictures>>;
  const picture = (name: string) => pictures.good.find((p) => p.name === name)!;

  beforeAll(async () => {
    // imageToTensor, as the engine takes a picture, on tfjs's plain CPU backend.
    await initNodeBackend('cpu');
    pictures = await makeTestPictures();
    for (const p of [...pictures.good, ...pictures.bad]) writeFileSync(path(p), p.bytes);
  });

  it('opens each upright in its colours, as the engine takes them (transparency on white)', async () => {
    for (const good of pictures.good) {
      const decoded = await readImageFile(path(good));
      expect([decoded.width, decoded.height], good.name).toEqual([good.width, good.height]);
      const rgb = imageToTensor(decoded);
      const colours = halfColours({ ...decoded, data: rgb.dataSync() }, 3);
      rgb.dispose();
      expect(colourError(good, colours), `${good.name}: ${JSON.stringify(colours)}`).toBeLessThanOrEqual(good.tolerance);
      expect(hasTransparency(decoded), good.name).toBe(Boolean(good.transparent));
    }
  });

  it('refuses each of the others with a sentence that names it and says what to do', async () => {
    for (const bad of pictures.bad) {
      const refusal = readImageFile(path(bad));
      await expect(refusal, bad.name).rejects.toThrow(bad.says);
      await expect(refusal, bad.name).rejects.toThrow(path(bad));
    }
  });

  it('stylises a phone photo upright, says that transparency is painted white, and refuses HEIC by name', async () => {
    const phone = picture('IMG_1234.jpg');
    const out = join(dir, 'phone.png');
    const { stderr } = await cli([path(phone), path(picture('cutout.png')), out, '--size', '32', '--iters', '1', '--scales', '1']);
    expect(stderr).toContain(`${path(picture('cutout.png'))}: Its transparent areas are painted as white.`);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([24, 32]);
    const colours = halfColours(png);
    expect(colourError(phone, colours), JSON.stringify(colours)).toBeLessThanOrEqual(phone.tolerance + 24);

    const heic = pictures.bad.find((p) => p.name.endsWith('.HEIC'))!;
    const refusal = await cli([path(heic), path(phone), out]).catch((error: { stderr: string }) => error.stderr);
    expect(refusal).toContain(path(heic));
    expect(refusal).toMatch(heic.says);
  });
});
