// Rows of a layer's activations picked out by position, each times a weight, and the way back: the
// regions of a semantic style term (loss/regionGram.ts). tfjs-wasm's gather copies element by
// element through index arithmetic (about 40 ns a float); these copy a row at a time.
#include "simd.h"

INLINE f4 splat(float v) { return (f4){v, v, v, v}; }

// out [n, c] = weights[i] · f[rows[i]] for f [m, c]; c is a multiple of 4.
EXPORT(gatherRows)
void gatherRows(const float *f, const int *rows, const float *weights, int n, int c, float *out) {
  for (int i = 0; i < n; i++) {
    const float *src = f + (long)rows[i] * c;
    float *dst = out + (long)i * c;
    const f4 w = splat(weights[i]);
    for (int j = 0; j < c; j += 4) store(dst + j, load(src + j) * w);
  }
}

// out [m, c] += weights[i] · g[i] at row rows[i], for g [n, c]: the adjoint of gatherRows. A row
// may come more than once (a soft mask's edge belongs to two regions). c is a multiple of 4.
EXPORT(scatterRows)
void scatterRows(const float *g, const int *rows, const float *weights, int n, int c, float *out) {
  for (int i = 0; i < n; i++) {
    const float *src = g + (long)i * c;
    float *dst = out + (long)rows[i] * c;
    const f4 w = splat(weights[i]);
    for (int j = 0; j < c; j += 4) store(dst + j, load(dst + j) + load(src + j) * w);
  }
}
