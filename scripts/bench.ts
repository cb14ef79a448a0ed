// npm run bench: measures the built app's style worker in headless Chromium, for each backend that
// starts here, and prints one JSON object per line on stdout (progress goes to stderr).
//   npm run bench -- [--backends wasm,webgl,webgpu,cpu] [--sizes 128,256,512] [--quality 256]
// CHROMIUM (default /usr/bin/chromium) and CHROMIUM_ARGS (extra flags, e.g. for a real GPU) are read
// from the environment.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,webgl,webgpu,cpu' },
    sizes: { type: 'string', default: '128,256,512' },
    quality: { type: 'string', default: '256' },
    port: { type: 'string', default: '4174' },
  },
});
const PER_BACKEND_MS = 60 * 60_000;
const log = (message: string) => console.error(`bench: ${message}`);

if (!existsSync(join(root, 'dist', 'src', 'bench', 'index.html'))) {
  log('no build found: run `npm run build` first (npm run bench does)');
  process.exit(1);
}

const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const server = spawn(process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', opts.port, '--strictPort'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = `http://127.0.0.1:${opts.port}/`;
await new Promise<void>((ready, fail) => {
  server.stdout.on('data', (chunk) => String(chunk).includes(opts.port) && ready());
  server.on('exit', (code) => fail(new Error(`vite preview exited with ${code}`)));
});

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

try {
  const backends = opts.backends.split(',');
  for (const [index, backend] of backends.entries()) {
    log(`${backend}: measuring sizes ${opts.sizes}`);
    const page = await browser.newPage();
    let startedBackend = backend;
    const done = new Promise<void>((resolveDone) => {
      page.on('console', (message) => {
        const text = message.text();
        if (text === 'BENCH_DONE') resolveDone();
        else if (text.startsWith('BENCH ')) {
          const line = JSON.parse(text.slice(6));
          if (line.type === 'startup') startedBackend = line.backend;
          console.log(JSON.stringify(line));
        }
      });
      page.on('pageerror', (error) => log(`${backend}: page error: ${error.message}`));
      if (process.env.BENCH_DEBUG) page.on('console', (message) => log(`${backend}: ${message.text()}`));
    });
    // The quality comparison is long: run it once, on the first backend (the one the app would pick).
    const quality = index === 0 ? opts.quality : '0';
    await page.goto(`${base}src/bench/index.html?backend=${backend}&sizes=${opts.sizes}&quality=${quality}`);
    const timeout = new Promise<'timeout'>((resolveTimeout) => setTimeout(() => resolveTimeout('timeout'), PER_BACKEND_MS));
    if ((await Promise.race([done, timeout])) === 'timeout') {
      console.log(JSON.stringify({ type: 'error', backend, message: `no result within ${PER_BACKEND_MS / 60_000} minutes` }));
    }
    if (startedBackend !== backend) log(`${backend}: did not start; the worker chose ${startedBackend}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
process.exit(0);
