// MD5 (RFC 1321), to check the downloaded weights against their manifest's checksums: the
// browser's crypto.subtle has no MD5, and the manifest's checksums are MD5. It runs on all 20 MB
// of weights before the first picture, so it is written for speed: whole blocks are read in place
// as 32-bit words (no copy of the input), and each round is a loop of four steps.

const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
/** Which word of the block step i adds. */
const WORD = Int32Array.from({ length: 64 }, (_, i) => [i, 5 * i + 1, 3 * i + 5, 7 * i][i >> 4] & 15);

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** One step: b + ((a + f + k + w) <<< s). */
const step = (a: number, b: number, f: number, k: number, w: number, s: number) => {
  const sum = (a + f + k + w) | 0;
  return (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
};

/**
 * Adds the 64-byte blocks of `words` (16 words each) to the state. Each loop is one of the four
 * rounds, four steps at a time so that the shifts are constants and a, b, c, d never move.
 */
function addBlocks(state: Int32Array, words: Int32Array): void {
  let [a, b, c, d] = state;
  for (let base = 0; base < words.length; base += 16) {
    const a0 = a, b0 = b, c0 = c, d0 = d;
    for (let i = 0; i < 16; i += 4) {
      a = step(a, b, (b & c) | (~b & d), K[i], words[base + WORD[i]], 7);
      d = step(d, a, (a & b) | (~a & c), K[i + 1], words[base + WORD[i + 1]], 12);
      c = step(c, d, (d & a) | (~d & b), K[i + 2], words[base + WORD[i + 2]], 17);
      b = step(b, c, (c & d) | (~c & a), K[i + 3], words[base + WORD[i + 3]], 22);
    }
    for (let i = 16; i < 32; i += 4) {
      a = step(a, b, (d & b) | (~d & c), K[i], words[base + WORD[i]], 5);
      d = step(d, a, (c & a) | (~c & b), K[i + 1], words[base + WORD[i + 1]], 9);
      c = step(c, d, (b & d) | (~b & a), K[i + 2], words[base + WORD[i + 2]], 14);
      b = step(b, c, (a & c) | (~a & d), K[i + 3], words[base + WORD[i + 3]], 20);
    }
    for (let i = 32; i < 48; i += 4) {
      a = step(a, b, b ^ c ^ d, K[i], words[base + WORD[i]], 4);
      d = step(d, a, a ^ b ^ c, K[i + 1], words[base + WORD[i + 1]], 11);
      c = step(c, d, d ^ a ^ b, K[i + 2], words[base + WORD[i + 2]], 16);
      b = step(b, c, c ^ d ^ a, K[i + 3], words[base + WORD[i + 3]], 23);
    }
    for (let i = 48; i < 64; i += 4) {
      a = step(a, b, c ^ (b | ~d), K[i], words[base + WORD[i]], 6);
      d = step(d, a, b ^ (a | ~c), K[i + 1], words[base + WORD[i + 1]], 10);
      c = step(c, d, a ^ (d | ~b), K[i + 2], words[base + WORD[i + 2]], 15);
      b = step(b, c, d ^ (c | ~a), K[i + 3], words[base + WORD[i + 3]], 21);
    }
    a = (a + a0) | 0;
    b = (b + b0) | 0;
    c = (c + c0) | 0;
    d = (d + d0) | 0;
  }
  state.set([a, b, c, d]);
}

/** The bytes as little-endian 32-bit words: in place where they are aligned (and the machine little-endian). */
function wordsOf(bytes: Uint8Array): Int32Array {
  if (littleEndian && bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(i * 4, true));
}

/** The MD5 digest of `bytes` as 32 lowercase hex digits. */
export function md5(bytes: Uint8Array): string {
  const state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  const whole = bytes.length & ~63;
  addBlocks(state, wordsOf(bytes.subarray(0, whole)));
  // The tail, then padding: a 1 bit, zeros to 56 mod 64 bytes, then the length in bits as 64-bit little-endian.
  const tail = new Uint8Array(bytes.length - whole < 56 ? 64 : 128);
  tail.set(bytes.subarray(whole));
  tail[bytes.length - whole] = 0x80;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, (bytes.length * 8) >>> 0, true);
  view.setUint32(tail.length - 4, Math.floor(bytes.length / 2 ** 29), true);
  addBlocks(state, wordsOf(tail));
  const digest = new DataView(new ArrayBuffer(16));
  state.forEach((word, i) => digest.setInt32(i * 4, word, true));
  return Array.from(new Uint8Array(digest.buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
