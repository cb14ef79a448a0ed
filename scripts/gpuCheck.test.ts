// gpu-check's benchmark as scripts/gpu-check-pack.sh packs it (gpuCheckStage.ts), run where no
// node_modules can be reached, as on the GPU machine: a module that does not travel (sharp was one)
// stops it here rather than there. Dawn's adapter here is Mesa's lavapipe, as in the webgpu tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBenchPictures, stageBench } from './gpuCheckStage';

const dir = mkdtempSync(join(tmpdir(), 'gpu-check-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The folders above `path` that Node would search for packages. */
const ancestors = (path: string): string[] => (dirname(path) === path ? [] : [dirname(path), ...ancestors(dirname(path))]);

/** Runs the bundle until its first JSON line (the start-up measurement: model, pictures, Dawn, one frame), then stops it. */
function firstLine(bench: string, args: string[]): Promise<{ line: string | undefined; stderr: string }> {
  const { NODE_PATH, NODE_OPTIONS, ...env } = process.env;
  const child = spawn(process.execPath, [bench, ...args], { cwd: dir, env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolveLine) => {
    lines.once('line', (line) => {
      child.kill();
      resolveLine({ line, stderr });
    });
    child.once('close', () => resolveLine({ line: undefined, stderr }));
  });
}

describe('the benchmark packed for gpu-check', () => {
  it('runs the engine on Dawn with nothing but what the pack carries', async () => {
    expect(ancestors(dir).filter((folder) => existsSync(join(folder, 'node_modules')))).toEqual([]);
    await stageBench(join(dir, 'stage'));
    await decodeBenchPictures(join(dir, 'public/demo'));
    symlinkSync(resolve(import.meta.dirname, '../public/models'), join(dir, 'public/models'));

    const args = ['--backends', 'webgpu-node', '--sizes', '32', '--quality', '0', '--tile', '32', '--public', join(dir, 'public')];
    const { line, stderr } = await firstLine(join(dir, 'stage/bench.mjs'), args);
    expect(line, stderr).toBeDefined();
    const startup = JSON.parse(line!) as Record<string, unknown>;
    expect(startup, stderr).toMatchObject({ type: 'startup', backend: 'webgpu-node' });
    expect(startup.startToFirstFrameMs).toBeGreaterThan(0);
  });
});
