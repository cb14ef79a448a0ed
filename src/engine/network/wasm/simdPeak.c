// The most arithmetic one thread of WebAssembly SIMD does on this machine, for the benchmark to
// measure the convolutions' matrix products against: 12 independent chains of a 4-wide multiply
// and add, enough to keep every floating-point unit busy whatever their latency.
#include "simd.h"

// `rounds` rounds of 12 × (4 multiplies + 4 adds); the result only keeps the work from being removed.
EXPORT(simdPeak) float simdPeak(int rounds) {
  const f4 scale = {0.999f, 0.999f, 0.999f, 0.999f}, shift = {0.001f, 0.001f, 0.001f, 0.001f};
  // Twelve different starts below the chains' fixed point 1 (a chain held there would be folded away).
  const f4 step = {0.07f, 0.07f, 0.07f, 0.07f};
  f4 a0 = step, a1 = a0 + step, a2 = a1 + step, a3 = a2 + step, a4 = a3 + step, a5 = a4 + step;
  f4 a6 = a5 + step, a7 = a6 + step, a8 = a7 + step, a9 = a8 + step, a10 = a9 + step, a11 = a10 + step;
  for (int n = 0; n < rounds; n++) {
    a0 = a0 * scale + shift, a1 = a1 * scale + shift, a2 = a2 * scale + shift, a3 = a3 * scale + shift;
    a4 = a4 * scale + shift, a5 = a5 * scale + shift, a6 = a6 * scale + shift, a7 = a7 * scale + shift;
    a8 = a8 * scale + shift, a9 = a9 * scale + shift, a10 = a10 * scale + shift, a11 = a11 * scale + shift;
  }
  const f4 sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  return sum[0];
}
