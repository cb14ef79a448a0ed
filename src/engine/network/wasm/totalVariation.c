// Total variation and its gradient in one pass over the image: with tfjs's ops it takes four
// strided slices of the image (each a slow copy on wasm), twice, and their gradients.
#include "simd.h"

// x [h, w, c]: loss[0] = sy * Σ (x below − x)² + sx * Σ (x right − x)², and grad = its gradient.
// no_builtin: clang would call memset (which this module lacks) for the zero-width cases.
EXPORT(totalVariation) __attribute__((no_builtin("memset")))
void totalVariation(const float *x, int h, int w, int c, float sy, float sx, float *grad, float *loss) {
  const long row = (long)w * c;
  double sum = 0;
  for (int i = 0; i < h; i++) {
    for (int j = 0; j < w; j++) {
      for (int k = 0; k < c; k++) {
        const long p = i * row + (long)j * c + k;
        float g = 0;
        if (i + 1 < h) {
          const float d = x[p + row] - x[p];
          sum += (double)sy * d * d;
          g -= 2 * sy * d;
        }
        if (i > 0) g += 2 * sy * (x[p] - x[p - row]);
        if (j + 1 < w) {
          const float d = x[p + c] - x[p];
          sum += (double)sx * d * d;
          g -= 2 * sx * d;
        }
        if (j > 0) g += 2 * sx * (x[p] - x[p - c]);
        grad[p] = g;
      }
    }
  }
  loss[0] = (float)sum;
}
