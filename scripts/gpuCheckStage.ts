// The benchmark as scripts/gpu-check-pack.sh packs it for a machine without node_modules, and as
// gpuCheck.test.ts runs it: bench.mjs (scripts/bench.ts with tfjs and the engine bundled in), Dawn's
// binding beside it, and the demo pictures decoded ahead as PNG, for the bundle holds no sharp.
//   tsx scripts/gpuCheckStage.ts STAGE_DIR DEMO_DIR
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { centreSquare } from '../src/engine/benchmark/benchmarkSuite';
import { encodePng } from '../src/engine/image/png';
import { readImageFile } from '../src/engine/image/readImageFile';
import { BENCH_PICTURES, decodedPicturePath, READ_IMAGE_FILE } from './benchPictures';

const ROOT = resolve(import.meta.dirname, '..');
/** The files of Dawn's binding that load it: its loader finds dawn.node beside itself. */
const WEBGPU_FILES = ['package.json', 'index.js', 'dist/linux-x64/dawn.node'];

/** Writes STAGE_DIR/bench.mjs and STAGE_DIR/node_modules/webgpu/, which is all the bundle loads. */
export async function stageBench(stageDir: string): Promise<void> {
  const { metafile } = await build({
    entryPoints: [join(ROOT, 'scripts/bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The browser half (Playwright) stays out: that machine has no browser. So does sharp.
    external: ['webgpu', './benchBrowser', READ_IMAGE_FILE],
    banner: { js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);" },
    outfile: join(stageDir, 'bench.mjs'),
    logLevel: 'warning',
    metafile: true,
  });
  const sharp = Object.keys(metafile.inputs).filter((input) => /node_modules\/(sharp|@img)\//.test(input));
  if (sharp.length) throw new Error(`the bundled bench holds sharp, whose native libvips does not travel: ${sharp.join(', ')}`);
  for (const file of WEBGPU_FILES) {
    const to = join(stageDir, 'node_modules/webgpu', file);
    mkdirSync(join(to, '..'), { recursive: true });
    copyFileSync(join(ROOT, 'node_modules/webgpu', file), to);
  }
}

/**
 * Decodes the benchmark's pictures from public/demo/ into DEMO_DIR as readBenchPicture reads them, each
 * cut to the centre square that the benchmark measures on (8 MB of PNG would be 5).
 */
export async function decodeBenchPictures(demoDir: string): Promise<void> {
  mkdirSync(demoDir, { recursive: true });
  for (const file of BENCH_PICTURES) {
    writeFileSync(decodedPicturePath(demoDir, file), encodePng(centreSquare(await readImageFile(join(ROOT, 'public/demo', file)))));
  }
}

if (process.argv[1] === import.meta.filename) {
  const [stageDir, demoDir] = process.argv.slice(2);
  if (!stageDir || !demoDir) throw new Error('usage: tsx scripts/gpuCheckStage.ts STAGE_DIR DEMO_DIR');
  await stageBench(stageDir);
  await decodeBenchPictures(demoDir);
}
