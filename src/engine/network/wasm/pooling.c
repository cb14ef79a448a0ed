// The gradient of a 2x2, stride-2 'valid' max pool, four channels at a time.
#include "simd.h"

// x [h, w, c] is the pool's input, y [h/2, w/2, c] its output and dy the gradient there: each
// input that equals its window's maximum gets the window's gradient. A tie passes it to every
// input of the tie; in VGG those are ReLU zeros, whose gradient the ReLU stops anyway. dx [h, w, c]
// is written everywhere but in a last odd row or column, which the caller zeroes.
EXPORT(maxPoolGradient)
void maxPoolGradient(const float *x, const float *y, const float *dy, float *dx, int h, int w, int c) {
  const int ph = h / 2, pw = w / 2;
  for (int i = 0; i < ph; i++) {
    for (int j = 0; j < pw; j++) {
      const long out = ((long)i * pw + j) * c;
      const long in = ((long)2 * i * w + 2 * j) * c;
      for (int k = 0; k < c; k += 4) {
        const f4 m = load(y + out + k), g = load(dy + out + k);
        const long p00 = in + k, p01 = p00 + c, p10 = p00 + (long)w * c, p11 = p10 + c;
        store(dx + p00, masked(g, load(x + p00) == m));
        store(dx + p01, masked(g, load(x + p01) == m));
        store(dx + p10, masked(g, load(x + p10) == m));
        store(dx + p11, masked(g, load(x + p11) == m));
      }
    }
  }
}
