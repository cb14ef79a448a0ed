// The Gram matrix FᵀF of activations F [n, c] in one pass over F, without transposing it: tfjs-wasm
// multiplies Fᵀ [c, n] by F as a matrix product whose shared side is the n pixels, which streams F
// from memory once per output tile (and packs all of F first). Here the rows are taken in chunks
// small enough to stay in cache while every output tile of the upper triangle adds them up, and
// the lower triangle is its mirror image.
#include "simd.h"

// Rows of F a pass keeps in cache: 64 rows of 512 channels are 128 KB.
#define CHUNK 64

INLINE f4 splat(float v) { return (f4){v, v, v, v}; }

// out [c, c] = scale * FᵀF for f [n, c]; c is a multiple of 8.
EXPORT(gram)
void gram(const float *f, int n, int c, float scale, float *out) {
  for (int p0 = 0; p0 < n; p0 += CHUNK) {
    const int p1 = p0 + CHUNK < n ? p0 + CHUNK : n;
    // A tile is 4 rows by 8 columns of the output; tiles left of the diagonal are skipped.
    for (int i = 0; i < c; i += 4) {
      for (int j = i / 8 * 8; j < c; j += 8) {
        float *o0 = out + (long)i * c + j, *o1 = o0 + c, *o2 = o1 + c, *o3 = o2 + c;
        f4 a0 = {0, 0, 0, 0}, b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
        if (p0) {
          a0 = load(o0), b0 = load(o0 + 4), a1 = load(o1), b1 = load(o1 + 4);
          a2 = load(o2), b2 = load(o2 + 4), a3 = load(o3), b3 = load(o3 + 4);
        }
        for (int p = p0; p < p1; p++) {
          const float *row = f + (long)p * c;
          const f4 x = load(row + i), y = load(row + j), z = load(row + j + 4);
          const f4 x0 = splat(x[0]), x1 = splat(x[1]), x2 = splat(x[2]), x3 = splat(x[3]);
          a0 += x0 * y, b0 += x0 * z, a1 += x1 * y, b1 += x1 * z;
          a2 += x2 * y, b2 += x2 * z, a3 += x3 * y, b3 += x3 * z;
        }
        store(o0, a0), store(o0 + 4, b0), store(o1, a1), store(o1 + 4, b1);
        store(o2, a2), store(o2 + 4, b2), store(o3, a3), store(o3 + 4, b3);
      }
    }
  }
  for (int i = 0; i < c; i++) {
    for (int j = i; j < c; j++) {
      const float v = out[(long)i * c + j] * scale;
      out[(long)i * c + j] = v;
      out[(long)j * c + i] = v;
    }
  }
}
