// Puts the VGG19 weights in public/models/vgg19/ and the demo images in public/demo/.
// Copies them from ../shared when that folder exists, otherwise downloads them from the
// public sources named in shared/models/vgg19/NOTICE.md. Every weight file is checked
// against the md5 in manifest.json. Runs on install, dev and build, so nobody has to know.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(process.env.SHARED_DIR ?? join(root, '..', 'shared'));
const modelDir = join(root, 'public', 'models', 'vgg19');
const demoDir = join(root, 'public', 'demo');

const WEIGHTS_URL =
  'https://raw.githubusercontent.com/neuralpixels/neuralpixels/3e5506de/python/neuralpixels/pretrained/weights/vgg19/';
const TITU = 'https://raw.githubusercontent.com/titu1994/Neural-Style-Transfer/master/images/inputs/';
const JCJ = 'https://raw.githubusercontent.com/jcjohnson/neural-style/master/examples/inputs/';
const DOODLE = 'https://raw.githubusercontent.com/titu1994/Neural-Style-Transfer/master/images/neural_doodle/inputs/';

/** Demo images: path under shared/images, public fallback URL, md5 of the copy in shared. */
const DEMO_IMAGES = [
  ['content/winter-wolf.jpg', TITU + 'content/winter-wolf.jpg', '1938f439d323e233bcbdb45aaa50a4e1'],
  ['content/winter-wolf-mask.jpg', TITU + 'mask/winter-wolf-mask.jpg', 'dc65369ba697f226ad74860df820c1c2'],
  ['content/tubingen.jpg', JCJ + 'tubingen.jpg', '97f7bab04e1f4c852fd2499356163b15'],
  ['content/golden_gate.jpg', JCJ + 'golden_gate.jpg', '3807517a5ba78ae7ff0adfb29da940c2'],
  ['style/the_scream.jpg', JCJ + 'the_scream.jpg', '619b4f42c84d2b62d3518fb20fa619c2'],
  ['style/starry_night.jpg', TITU + 'style/starry_night.jpg', 'a94c2477287c7e449ee128d00b291b34'],
  ['style/wave_kanagawa.jpg', TITU + 'style/wave_kanagawa.jpg', '13c2dedfb1870453d1689e9fb089f819'],
  // The neural doodle example: a Renoir, its colour-coded map, a target doodle and its photo.
  ['doodle/renoir.png', DOODLE + 'style2.png', '3b015a370b2218d12ad97c1503af10ae'],
  ['doodle/renoir-map.png', DOODLE + 'style_mask2.png', '1f063f4d3409f82ee303f07f163bde3f'],
  ['doodle/creek-map.png', DOODLE + 'target_mask2.png', '8cdfafa2bec7f878891915017031d202'],
  ['doodle/creek.jpg', DOODLE + 'creek.jpg', '42492daa13d48378c88cc5d17686a069'],
];

const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');

function fail(message) {
  console.error(`\nnpm run model: ${message}\n`);
  process.exit(1);
}

async function download(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`could not reach ${url} (${error.cause?.code ?? error.message})`);
  }
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Bytes of a file: from shared/ when present, else from the public URL. */
async function obtain(sharedPath, url) {
  if (existsSync(sharedPath)) return readFileSync(sharedPath);
  return download(url);
}

function write(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

async function fetchWeights() {
  const sharedModel = join(shared, 'models', 'vgg19');
  let manifestBytes;
  try {
    manifestBytes = await obtain(join(sharedModel, 'manifest.json'), WEIGHTS_URL + 'manifest.json');
  } catch (error) {
    fail(`the VGG19 manifest.json is missing: ${error.message}.
Put the VGG19 weights in ../shared/models/vgg19/ or connect to the internet and run \`npm run model\` again.`);
  }
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  const entries = Object.values(manifest.weights);
  let copied = 0;
  for (const { filename, checksum } of entries) {
    const dest = join(modelDir, filename);
    if (existsSync(dest) && md5(readFileSync(dest)) === checksum) continue;
    let bytes;
    try {
      bytes = await obtain(join(sharedModel, filename), WEIGHTS_URL + filename);
    } catch (error) {
      fail(`weight file ${filename} is missing: ${error.message}.
Put the VGG19 weights in ../shared/models/vgg19/ or connect to the internet and run \`npm run model\` again.`);
    }
    if (md5(bytes) !== checksum) {
      fail(`weight file ${filename} is corrupt: md5 ${md5(bytes)}, manifest.json says ${checksum}.
Delete it from its source and run \`npm run model\` again to fetch a clean copy.`);
    }
    write(dest, bytes);
    copied++;
  }
  write(join(modelDir, 'manifest.json'), manifestBytes);
  const notice = join(sharedModel, 'NOTICE.md');
  if (existsSync(notice)) write(join(modelDir, 'NOTICE.md'), readFileSync(notice));
  console.log(`npm run model: VGG19 weights ready in public/models/vgg19 (${entries.length} files, ${copied} copied, md5 checked)`);
}

async function fetchDemoImages() {
  let missing = 0;
  for (const [path, url, checksum] of DEMO_IMAGES) {
    const dest = join(demoDir, path.split('/')[1]);
    if (existsSync(dest) && md5(readFileSync(dest)) === checksum) continue;
    try {
      const bytes = await obtain(join(shared, 'images', path), url);
      write(dest, bytes);
    } catch (error) {
      // The app works without demo images; only "try an example" needs them.
      console.warn(`npm run model: demo image ${path} not available (${error.message})`);
      missing++;
    }
  }
  console.log(`npm run model: demo images ready in public/demo (${DEMO_IMAGES.length - missing} of ${DEMO_IMAGES.length})`);
}

await fetchWeights();
await fetchDemoImages();
