// What the engine's WebAssembly kernels share. The module imports tfjs-wasm's memory and works
// on its tensors in place: every pointer is a byte offset in that heap. It must own no memory
// of its own (no data, no stack), so everything lives in locals; scripts/build-wasm.sh checks.
#pragma once

typedef float f4 __attribute__((vector_size(16), aligned(4)));
typedef int i4 __attribute__((vector_size(16), aligned(4)));

#define INLINE static inline __attribute__((always_inline))
#define EXPORT(name) __attribute__((export_name(#name)))

INLINE f4 load(const float *p) { return *(const f4 *)p; }
INLINE void store(float *p, f4 v) { *(f4 *)p = v; }
// v where it is above 0, else 0.
INLINE f4 positive(f4 v) { return (f4)((i4)v & (v > (f4){0, 0, 0, 0})); }
// Keeps v where mask is true (all bits set), else 0.
INLINE f4 masked(f4 v, i4 mask) { return (f4)((i4)v & mask); }

// Transposes the 4x4 block whose rows are a, b, c, d.
INLINE void transpose4(f4 *a, f4 *b, f4 *c, f4 *d) {
  const f4 t0 = __builtin_shufflevector(*a, *b, 0, 4, 1, 5), t1 = __builtin_shufflevector(*a, *b, 2, 6, 3, 7);
  const f4 t2 = __builtin_shufflevector(*c, *d, 0, 4, 1, 5), t3 = __builtin_shufflevector(*c, *d, 2, 6, 3, 7);
  *a = __builtin_shufflevector(t0, t2, 0, 1, 4, 5), *b = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
  *c = __builtin_shufflevector(t1, t3, 0, 1, 4, 5), *d = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
}
