// The browser half of `npm run bench`: builds the app, serves the build on 127.0.0.1 and opens
// src/bench/index.html in headless Chromium once per backend; the page's JSON lines come back here.
// CHROMIUM (default /usr/bin/chromium) and CHROMIUM_ARGS (extra flags, e.g. for a real GPU) are read
// from the environment.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { errorLine, type BenchLine, type SuiteOptions } from '../src/engine/benchmark/benchmarkSuite';

const PER_BACKEND_MS = 60 * 60_000;

export interface BrowserBench {
  run(backend: string, suite: SuiteOptions): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowserBench(
  root: string,
  port: string,
  emit: (line: BenchLine) => void,
  log: (message: string) => void,
): Promise<BrowserBench> {
  // The build's own output goes to stderr: stdout carries only the JSON lines.
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) throw new Error('npm run build failed');

  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const server = spawn(process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/`;
  await new Promise<void>((ready, fail) => {
    server.stdout.on('data', (chunk) => String(chunk).includes(port) && ready());
    server.on('exit', (code) => fail(new Error(`vite preview exited with ${code}`)));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

  async function run(backend: string, suite: SuiteOptions): Promise<void> {
    const page = await browser.newPage();
    let startedBackend = backend;
    const done = new Promise<void>((resolveDone) => {
      page.on('console', (message) => {
        const text = message.text();
        if (text === 'BENCH_DONE') resolveDone();
        else if (text.startsWith('BENCH ')) {
          const line = JSON.parse(text.slice(6));
          if (line.type === 'startup') startedBackend = line.backend;
          emit(line);
        }
      });
      page.on('pageerror', (error) => log(`${backend}: page error: ${error.message}`));
      if (process.env.BENCH_DEBUG) page.on('console', (message) => log(`${backend}: ${message.text()}`));
    });
    const query = `backend=${backend}&sizes=${suite.sizes.join(',')}&quality=${suite.qualitySize}&reference=${suite.referenceIterations}`;
    await page.goto(`${base}src/bench/index.html?${query}`);
    const timeout = new Promise<'timeout'>((resolveTimeout) => setTimeout(() => resolveTimeout('timeout'), PER_BACKEND_MS));
    if ((await Promise.race([done, timeout])) === 'timeout') {
      emit(errorLine(backend, `no result within ${PER_BACKEND_MS / 60_000} minutes`));
    }
    if (startedBackend !== backend) log(`${backend}: did not start; the worker chose ${startedBackend}`);
    await page.close();
  }

  return {
    run,
    async close() {
      await browser.close();
      server.kill();
    },
  };
}
