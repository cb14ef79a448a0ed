// Pictures people really have, made at test time (sharp, libvips' encoders) for the tests of both
// decoders, the browser's and the command line's: each must give the picture upright in its colours,
// or refuse it with a sentence that names it.
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

export type Rgb = readonly [number, number, number];

interface Picture {
  /** The name a person's file would have; the MIME type a browser gives that name. */
  name: string;
  type: string;
  bytes: Buffer;
}

/** A file that decodes: its picture upright, the top half one colour and the bottom half another. */
export interface GoodPicture extends Picture {
  width: number;
  height: number;
  /** The halves' colours as the engine takes them, transparency laid on white; how far a decoder may stray. */
  top: Rgb;
  bottom: Rgb;
  tolerance: number;
  /** Whether some of it is transparent, which people are told. */
  transparent?: boolean;
}

/** A file that must be refused: the sentence names it and matches `says`. */
export interface BadPicture extends Picture {
  says: RegExp;
}

const RED: Rgb = [200, 60, 50];
const BLUE: Rgb = [50, 100, 160];
const WHITE: Rgb = [255, 255, 255];
const LIGHT_GREY: Rgb = [200, 200, 200];
const DARK_GREY: Rgb = [60, 60, 60];

/** Raw pixels, top half `top` and bottom half `bottom` (RGB, or RGBA where the colours have four values). */
function halves(width: number, height: number, top: readonly number[], bottom: readonly number[]): Sharp {
  const channels = top.length as 3 | 4;
  const pixels = Buffer.alloc(width * height * channels);
  const middle = width * (height / 2) * channels;
  pixels.fill(Buffer.from(top), 0, middle);
  pixels.fill(Buffer.from(bottom), middle);
  return sharp(pixels, { raw: { width, height, channels } });
}

/** A PNG chunk: length, type, data, CRC of type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A black PNG of width × height at 1 bit a pixel: its 50 MB of rows (for 20000²) deflate to some 50 KB,
 * yet decode to 1.6 GB of RGBA. Written here, since an encoder would first hold all those pixels.
 */
function decompressionBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bits a pixel; colour type 0 (grey), standard compression, filter and no interlace follow as zeros
  // Each row: filter byte 0, then width bits of 0.
  const rows = Buffer.alloc(height * (1 + Math.ceil(width / 8)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/**
 * An iPhone's HEIC as far as its container goes: ISO media boxes, 'ftyp' with the brands heic and mif1.
 * There is no HEVC encoder here to fill it with a real picture, and browsers without HEVC fail on
 * a real one just the same.
 */
function heicContainer(): Buffer {
  const box = (type: string, data: Buffer) => {
    const size = Buffer.alloc(4);
    size.writeUInt32BE(8 + data.length);
    return Buffer.concat([size, Buffer.from(type, 'latin1'), data]);
  };
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('heic', 'latin1'), Buffer.alloc(4), Buffer.from('mif1heic', 'latin1')]));
  return Buffer.concat([ftyp, box('mdat', Buffer.alloc(2048, 0x5a))]);
}

/** Every kind of file the decoders are tested on: those that must open, and those that must be refused. */
export async function makeTestPictures(): Promise<{ good: GoodPicture[]; bad: BadPicture[] }> {
  const size = { width: 96, height: 128 };
  const redOverBlue = () => halves(size.width, size.height, RED, BLUE);
  const good = (name: string, type: string, bytes: Buffer, facts: Partial<GoodPicture> = {}): GoodPicture => ({
    name, type, bytes, ...size, top: RED, bottom: BLUE, tolerance: 8, ...facts,
  });
  // A 13-megapixel phone held upright: the sensor's landscape pixels, turned by EXIF orientation 6
  // (rotate 90° clockwise to show). Larger than the browser keeps, so it is also scaled down there.
  const phone = { width: 3120, height: 4160 };
  const phoneJpeg = await halves(phone.width, phone.height, RED, BLUE).rotate(270).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  return {
    good: [
      good('IMG_1234.jpg', 'image/jpeg', phoneJpeg, phone),
      // Transparent pixels keep a colour of their own (black here) that must not show: white does.
      good('cutout.png', 'image/png', await halves(size.width, size.height, [...RED, 255], [0, 0, 0, 0]).png().toBuffer(), {
        bottom: WHITE,
        tolerance: 1,
        transparent: true,
      }),
      // libvips' CMYK profile goes in the file, as print work embeds one. To CMYK and back through a
      // print profile moves these colours by up to 21 levels; a misread CMYK (inverted, taken as RGB) by far more.
      good('print-cmyk.jpg', 'image/jpeg', await redOverBlue().toColourspace('cmyk').withIccProfile('cmyk').jpeg().toBuffer(), { tolerance: 24 }),
      good('progressive.jpg', 'image/jpeg', await redOverBlue().jpeg({ progressive: true }).toBuffer()),
      good('grayscale.jpg', 'image/jpeg', await halves(size.width, size.height, LIGHT_GREY, DARK_GREY).toColourspace('b-w').jpeg().toBuffer(), {
        top: LIGHT_GREY,
        bottom: DARK_GREY,
      }),
      good('deep-16bit.png', 'image/png', await redOverBlue().toColourspace('rgb16').png().toBuffer(), { tolerance: 1 }),
      good('picture.webp', 'image/webp', await redOverBlue().webp().toBuffer()),
      good('picture.avif', 'image/avif', await redOverBlue().avif().toBuffer(), { tolerance: 12 }),
    ],
    bad: [
      { name: 'IMG_1235.HEIC', type: 'image/heic', bytes: heicContainer(), says: /HEIC format, which .* cannot open: export or convert it to JPEG/ },
      {
        name: 'logo.svg',
        type: 'image/svg+xml',
        bytes: Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48" fill="red"/></svg>'),
        says: /SVG drawing.*export it as PNG or JPEG/,
      },
      { name: 'empty.jpg', type: 'image/jpeg', bytes: Buffer.alloc(0), says: /is empty.*Choose the file again/ },
      { name: 'holiday.jpg', type: 'image/jpeg', bytes: Buffer.from('Notes from the trip: ferry at 9, museum after lunch.\n'), says: /is not a picture.*Choose a JPEG, PNG/ },
      { name: 'huge.png', type: 'image/png', bytes: decompressionBomb(20000, 20000), says: /20000×20000 pixels \(400 megapixels\).*scale it down/ },
    ],
  };
}

/** The mean colours of the middles of a picture's top and bottom halves; `data` has `channels` values a pixel. */
export function halfColours({ width, height, data }: { width: number; height: number; data: ArrayLike<number> }, channels = 4) {
  const mean = (fromRow: number, toRow: number): Rgb => {
    const sum = [0, 0, 0];
    let count = 0;
    for (let y = Math.round(fromRow * height); y < Math.round(toRow * height); y++) {
      for (let x = Math.round(width / 4); x < Math.round((3 * width) / 4); x++, count++) {
        for (let c = 0; c < 3; c++) sum[c] += data[(y * width + x) * channels + c];
      }
    }
    const [r, g, b] = sum.map((total) => Math.round(total / count));
    return [r, g, b];
  };
  return { top: mean(0.15, 0.35), bottom: mean(0.65, 0.85) };
}

/** How far, in levels of one channel, measured half colours are from the picture's own. */
export function colourError(picture: GoodPicture, measured: { top: Rgb; bottom: Rgb }): number {
  const off = (a: Rgb, b: Rgb) => Math.max(...a.map((value, c) => Math.abs(value - b[c])));
  return Math.max(off(measured.top, picture.top), off(measured.bottom, picture.bottom));
}
