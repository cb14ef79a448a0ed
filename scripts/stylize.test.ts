import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../src/engine/testing/engineFixture';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run('npx', ['tsx', resolve(import.meta.dirname, 'stylize.ts'), ...args], { cwd: resolve(import.meta.dirname, '..') });
const image = (path: string) => join(SHARED_DIR, 'images', path);

describe('npm run stylize', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stylize-'));

  it('writes a stylised PNG of the requested size and a trace of the losses', async () => {
    const out = join(dir, 'wolf.png');
    const trace = join(dir, 'trace.json');
    await cli([image('content/winter-wolf.jpg'), image('style/the_scream.jpg'), out, '--size', '64', '--iters', '3', '--scales', '1', '--trace', trace]);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([64, 36]);
    const { trace: entries } = JSON.parse(readFileSync(trace, 'utf8'));
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
    const { stderr } = await cli([
      image('content/winter-wolf.jpg'),
      `${image('style/the_scream.jpg')},${image('style/starry_night.jpg')}`,
      out,
      ...['--size', '160', '--iters', '2', '--scales', '1', '--style-blend-weights', '1,3', '--style-scale', '1.5'],
      ...['--colour', 'luminance', '--mask', image('content/winter-wolf-mask.jpg'), '--style-layers', 'relu1_1,relu3_1:0.5'],
      ...['--content-layers', 'relu4_2', '--pooling', 'avg', '--optimizer', 'adam', '--lr', '4', '--init-image', first, '--tile', '128'],
      ...['--pyramid', '0', '--coarse-iters', '1'],
    ]);
    expect(PNG.sync.read(readFileSync(out)).width).toBe(160);
    // 160 px is wider than a 128 px tile: the last scale goes in two tiles.
    expect(stderr).toMatch(/scale 1\/1 160x90 tile 2\/2/);
    await expect(cli([image('content/winter-wolf.jpg'), image('style/the_scream.jpg'), out, '--style-layers', 'relu9_9'])).rejects.toMatchObject({
      stderr: expect.stringContaining('"relu9_9" is not a VGG19 layer'),
    });
    await expect(cli([image('content/winter-wolf.jpg'), image('style/the_scream.jpg'), out, '--init', 'previous'])).rejects.toMatchObject({
      stderr: expect.stringContaining('--init previous needs --init-image'),
    });
  });

  it('says clearly when an input is not an image, or is damaged', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a picture');
    await expect(cli([text, image('style/the_scream.jpg'), join(dir, 'x.png')])).rejects.toMatchObject({
      stderr: expect.stringContaining('notes.txt is neither a JPEG nor a PNG image'),
    });
    const truncated = join(dir, 'truncated.jpg');
    writeFileSync(truncated, readFileSync(image('content/winter-wolf.jpg')).subarray(0, 2000));
    await expect(cli([truncated, image('style/the_scream.jpg'), join(dir, 'y.png')])).rejects.toMatchObject({
      stderr: expect.stringContaining('truncated.jpg is a damaged image'),
    });
  });
});
