// Runs npm scripts side by side and fails if any fails: `npm test` overlaps the engine's unit tests
// (wasm threads, lavapipe) with the GPU browser tests, which spend minutes compiling shaders in
// SwiftShader on one core. Each output line is prefixed with its script's name.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const scripts = process.argv.slice(2);
const codes = await Promise.all(
  scripts.map(
    (script) =>
      new Promise((done) => {
        const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        for (const stream of [child.stdout, child.stderr]) {
          createInterface({ input: stream }).on('line', (line) => console.log(`[${script}] ${line}`));
        }
        child.on('close', (code) => done(code ?? 1));
      }),
  ),
);
for (const [i, code] of codes.entries()) if (code !== 0) console.error(`runTogether: ${scripts[i]} failed (exit ${code})`);
process.exit(codes.some((code) => code !== 0) ? 1 : 0);
