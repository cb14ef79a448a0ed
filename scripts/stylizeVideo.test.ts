import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../src/engine/testing/engineFixture';
import { ffmpeg, probeClip } from './ffmpeg';

const script = resolve(import.meta.dirname, 'stylize.ts');
const cwd = resolve(import.meta.dirname, '..');
const cli = (args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], { cwd });
const painting = join(SHARED_DIR, 'images/style/the_scream.jpg');
// Three frames of 48×32: a few seconds of painting.
const tiny = ['--size', '48', '--scales', '1', '--backend', 'wasm'];

/** Runs the command line and kills it (as a crash would) once it has written frame `n`. */
function crashAfterFrame(args: string[], n: number): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      if (stderr.includes(`frame ${n}/`)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done(stderr) : fail(new Error(`exited with ${code} before frame ${n}: ${stderr}`))));
  });
}

/** The video's frames decoded back to pictures, and what ffmpeg says of its streams. */
async function decoded(video: string) {
  const dir = mkdtempSync(join(tmpdir(), 'decoded-'));
  await ffmpeg(['-i', video, '-map', '0:v:0', join(dir, 'f-%03d.png')]);
  const frames = readdirSync(dir).map((name) => PNG.sync.read(readFileSync(join(dir, name))));
  return { frames: frames.map((png) => [png.width, png.height]), ...(await probeClip(video)) };
}

const stylised = (work: string) => readdirSync(join(work, 'out')).sort();

describe('npm run stylize on a video file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stylize-video-'));
  const clip = join(dir, 'clip.mp4');

  beforeAll(async () => {
    // 0.3 s of ffmpeg's test pattern at 10 fps, 96×64, with a tone: three frames.
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=96x64:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '0.3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', clip]);
  });

  it('writes a video of the stylised frames with the sound, and a stopped run resumes to the same frames', async () => {
    // WebM: VP9, and the AAC sound encoded again as Opus.
    const unbroken = join(dir, 'unbroken.webm');
    const { stderr } = await cli([clip, painting, unbroken, ...tiny, '--iters', '2', '--keep-frames']);
    expect(stderr).toMatch(/frame 3\/3 .* s, 0 s left/);
    expect(stderr).toContain('3 frames (kept 0, painted 3), sound encoded again');
    expect(await decoded(unbroken)).toMatchObject({ frames: [[48, 32], [48, 32], [48, 32]], audioCodec: 'opus' });

    // MP4: H.264 with the AAC copied. Stopped after one frame with other options, then after one
    // frame with the unbroken run's options (the first frame is begun again), then resumed.
    const resumed = join(dir, 'resumed.mp4');
    await crashAfterFrame([clip, painting, resumed, ...tiny, '--iters', '3'], 1);
    const afresh = await crashAfterFrame([clip, painting, resumed, ...tiny, '--iters', '2'], 1);
    expect(afresh).toContain('was begun with another clip or other options: starting afresh');
    expect(stylised(`${resumed}.frames`)).toEqual(['frame-000000.png']);
    expect(existsSync(resumed)).toBe(false);
    const again = await cli([clip, painting, resumed, ...tiny, '--iters', '2', '--keep-frames']);
    expect(again.stderr).toContain('3 frames (kept 1, painted 2), sound copied');
    expect(await decoded(resumed)).toMatchObject({ frames: [[48, 32], [48, 32], [48, 32]], audioCodec: 'aac', fps: 10 });
    for (const name of stylised(`${unbroken}.frames`)) {
      const [a, b] = [`${unbroken}.frames`, `${resumed}.frames`].map((work) => readFileSync(join(work, 'out', name)));
      expect(b.equals(a), name).toBe(true);
    }

    // Every frame done: encoded again at once, and the work folder goes without --keep-frames.
    const done = await cli([clip, painting, unbroken, ...tiny, '--iters', '2']);
    expect(done.stderr).toContain('(kept 3, painted 0)');
    expect(existsSync(`${unbroken}.frames`)).toBe(false);

    // A folder out: the frames of 0.1-0.2 s (at the clip's 10 fps, one) as pictures.
    const folder = join(dir, 'frames');
    await cli([clip, painting, folder, ...tiny, '--iters', '1', '--start', '0.1', '--end', '0.2']);
    expect(readdirSync(folder)).toEqual(['frame-000000.png']);
    expect(existsSync(`${folder}.frames`)).toBe(false);
  });

  it('says in a sentence what is wrong with a file that is no clip, before loading the model', async () => {
    const text = join(dir, 'notes.mp4');
    writeFileSync(text, 'not a video at all\n');
    const song = join(dir, 'song.m4a');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine', '-t', '0.2', song]);
    const refusals = [
      [join(dir, 'missing.mp4'), 'missing.mp4 does not exist'],
      [text, 'notes.mp4 is not a video ffmpeg can read'],
      [song, 'song.m4a holds no video stream, only sound'],
    ];
    for (const [input, sentence] of refusals) {
      const failure = await cli([input, painting, join(dir, 'out.mp4')]).then(() => undefined, (error: { code: number; stderr: string }) => error);
      expect(failure?.code, input).toBe(1);
      expect(failure?.stderr, input).toContain(sentence);
      expect(failure?.stderr, input).not.toContain('model loaded');
    }
    await expect(cli([clip, painting, join(dir, 'out.png')])).rejects.toMatchObject({ stderr: expect.stringContaining('out.png is neither') });
  });
});
