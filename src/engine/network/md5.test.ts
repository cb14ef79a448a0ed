import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5 } from './md5';

describe('md5', () => {
  it("gives RFC 1321's test digests", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(md5(text(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5(text('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5(text('12345678901234567890123456789012345678901234567890123456789012345678901234567890'))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it("agrees with Node's crypto at every length around the block and padding edges", () => {
    for (const length of [1, 55, 56, 63, 64, 65, 119, 120, 1000, 1 << 20]) {
      const bytes = randomBytes(length);
      expect(md5(bytes), `${length} bytes`).toBe(createHash('md5').update(bytes).digest('hex'));
    }
  });
});
