// 2-D transpose in 4x4 blocks: tfjs-wasm's own Transpose moves one element at a time.
#include "simd.h"

// dst [cols, rows] = src [rows, cols]ᵀ; cols is a multiple of 4.
EXPORT(transpose)
void transpose(const float *src, float *dst, int rows, int cols) {
  const int full = rows - rows % 4;
  for (int r = 0; r < full; r += 4) {
    for (int c = 0; c < cols; c += 4) {
      f4 a = load(src + (long)r * cols + c), b = load(src + (long)(r + 1) * cols + c);
      f4 d = load(src + (long)(r + 2) * cols + c), e = load(src + (long)(r + 3) * cols + c);
      transpose4(&a, &b, &d, &e);
      store(dst + (long)c * rows + r, a);
      store(dst + (long)(c + 1) * rows + r, b);
      store(dst + (long)(c + 2) * rows + r, d);
      store(dst + (long)(c + 3) * rows + r, e);
    }
  }
  for (int r = full; r < rows; r++) {
    for (int c = 0; c < cols; c++) dst[(long)c * rows + r] = src[(long)r * cols + c];
  }
}
