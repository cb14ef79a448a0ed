// The tile transforms of Winograd F(4x4, 3x3) (see ../winograd.ts), four channels at a time:
//
//   Bt = [4  0 -5  0 1 0]     At = [1 1  1 1  1 0]
//        [0 -4 -4  1 1 0]          [0 1 -1 2 -2 0]
//        [0  4 -4 -1 1 0]          [0 1  1 4  4 0]
//        [0 -2 -1  2 1 0]          [0 1 -1 8 -8 1]
//        [0  2 -1 -2 1 0]
//        [0  4  0 -5 0 1]
//
// Tiles are 4x4 output pixels, numbered row by row; a tile reads the 6x6 input pixels from one
// pixel up and left ('same' padding: zeros outside the image). Channel counts are multiples of 4.

#include "simd.h"

// o = Bt d, for one column of 6.
#define BT(d0, d1, d2, d3, d4, d5, o0, o1, o2, o3, o4, o5) \
  do {                                                     \
    o0 = 4 * d0 - 5 * d2 + d4;                             \
    o1 = -4 * (d1 + d2) + d3 + d4;                         \
    o2 = 4 * (d1 - d2) - d3 + d4;                          \
    o3 = 2 * (d3 - d1) - d2 + d4;                          \
    o4 = 2 * (d1 - d3) - d2 + d4;                          \
    o5 = 4 * d1 - 5 * d3 + d5;                             \
  } while (0)

// o = B v (the adjoint of BT).
#define B(v0, v1, v2, v3, v4, v5, o0, o1, o2, o3, o4, o5) \
  do {                                                    \
    o0 = 4 * v0;                                          \
    o1 = 4 * (v2 - v1) + 2 * (v4 - v3) + 4 * v5;          \
    o2 = -5 * v0 - 4 * (v1 + v2) - v3 - v4;               \
    o3 = v1 - v2 + 2 * (v3 - v4) - 5 * v5;                \
    o4 = v0 + v1 + v2 + v3 + v4;                          \
    o5 = v5;                                              \
  } while (0)

// o = At m, for one column of 6.
#define AT(m0, m1, m2, m3, m4, m5, o0, o1, o2, o3) \
  do {                                             \
    f4 s12 = m1 + m2, d12 = m1 - m2;               \
    f4 s34 = m3 + m4, d34 = m3 - m4;               \
    o0 = m0 + s12 + s34;                           \
    o1 = d12 + 2 * d34;                            \
    o2 = s12 + 4 * s34;                            \
    o3 = d12 + 8 * d34 + m5;                       \
  } while (0)

// o = A y (the adjoint of AT).
#define A(y0, y1, y2, y3, o0, o1, o2, o3, o4, o5) \
  do {                                            \
    o0 = y0;                                      \
    o1 = y0 + y1 + y2 + y3;                       \
    o2 = y0 - y1 + y2 - y3;                       \
    o3 = y0 + 2 * y1 + 4 * y2 + 8 * y3;           \
    o4 = y0 - 2 * y1 + 4 * y2 - 8 * y3;           \
    o5 = y3;                                      \
  } while (0)

// A 6x6 block of vectors (of `type`, f4 unless said) as 36 named locals: r<row><col>.
#define DECLARE6x6(r) DECLARE6x6_OF(f4, r)
#define DECLARE6x6_OF(type, r)                                                                     \
  type r##00, r##01, r##02, r##03, r##04, r##05, r##10, r##11, r##12, r##13, r##14, r##15, r##20, \
      r##21, r##22, r##23, r##24, r##25, r##30, r##31, r##32, r##33, r##34, r##35, r##40, r##41, \
      r##42, r##43, r##44, r##45, r##50, r##51, r##52, r##53, r##54, r##55
#define ROW(r, i) r##i##0, r##i##1, r##i##2, r##i##3, r##i##4, r##i##5
#define COL(r, j) r##0##j, r##1##j, r##2##j, r##3##j, r##4##j, r##5##j
#define EACH6(M) M(0) M(1) M(2) M(3) M(4) M(5)
// Expands ROW and COL into arguments before `m` sees them.
#define APPLY(m, ...) m(__VA_ARGS__)

static int tilesOf(int size) { return (size + 3) / 4; }
// The pixels or tiles left of a 4-wide run at the image's edge.
static int atMost4(int n) { return n < 4 ? n : 4; }

// o = G x, for one column of 3 (G is the kernel transform, U = G g Gt):
//
//   G = [ 1/4     0    0  ]
//       [-1/6  -1/6 -1/6  ]
//       [-1/6   1/6 -1/6  ]
//       [1/24  1/12  1/6  ]
//       [1/24 -1/12  1/6  ]
//       [  0     0    1   ]
#define G(x0, x1, x2, o0, o1, o2, o3, o4, o5)   \
  do {                                          \
    const d2 e = x0 * (1.0 / 24) + x2 * (1.0 / 6); \
    const d2 f = x1 * (1.0 / 12);               \
    o0 = x0 * 0.25;                             \
    o1 = (x0 + x1 + x2) * (-1.0 / 6);           \
    o2 = (x0 - x1 + x2) * (-1.0 / 6);           \
    o3 = e + f;                                 \
    o4 = e - f;                                 \
    o5 = x2;                                    \
  } while (0)

typedef float f2 __attribute__((vector_size(8), aligned(4)));
typedef double d2 __attribute__((vector_size(16), aligned(4)));
INLINE d2 load2(const float *p) { return __builtin_convertvector(*(const f2 *)p, d2); }
INLINE void store2(float *p, d2 v) { *(f2 *)p = __builtin_convertvector(v, f2); }

// The kernel g [3, 3, c, k] -> out[i] [c, k] for the 36 positions: U = G g Gt, two channel pairs
// at a time in double precision, so that each entry is the float nearest the exact transform
// (float arithmetic doubled the error). The first step makes U of all 20 MB of weights: 80 MB,
// which tfjs's ops took seconds to do.
EXPORT(filterTransform)
void filterTransform(const float *g, int c, int k, float **out) {
  const long size = (long)c * k;
  for (long at = 0; at < size; at += 2) {
    d2 x00 = load2(g + at), x01 = load2(g + size + at), x02 = load2(g + 2 * size + at);
    d2 x10 = load2(g + 3 * size + at), x11 = load2(g + 4 * size + at), x12 = load2(g + 5 * size + at);
    d2 x20 = load2(g + 6 * size + at), x21 = load2(g + 7 * size + at), x22 = load2(g + 8 * size + at);
    d2 t00, t01, t02, t10, t11, t12, t20, t21, t22, t30, t31, t32, t40, t41, t42, t50, t51, t52;
    G(x00, x10, x20, t00, t10, t20, t30, t40, t50);
    G(x01, x11, x21, t01, t11, t21, t31, t41, t51);
    G(x02, x12, x22, t02, t12, t22, t32, t42, t52);
    DECLARE6x6_OF(d2, u);
#define ROWPASS(r) G(t##r##0, t##r##1, t##r##2, u##r##0, u##r##1, u##r##2, u##r##3, u##r##4, u##r##5);
    EACH6(ROWPASS)
#define STORE(a, b) store2(out[a * 6 + b] + at, u##a##b);
#define STOREROW(a) STORE(a, 0) STORE(a, 1) STORE(a, 2) STORE(a, 3) STORE(a, 4) STORE(a, 5)
    EACH6(STOREROW)
#undef ROWPASS
#undef STORE
#undef STOREROW
  }
}

// x [h, w, c] -> out[i] [tiles, c] for the 36 positions i = 6 * row + col: V = Bt d B.
EXPORT(inputTransform)
void inputTransform(const float *x, int h, int w, int c, float **out) {
  const int th = tilesOf(h), tw = tilesOf(w);
  const f4 zero = {0, 0, 0, 0};
  for (int ty = 0; ty < th; ty++) {
    for (int tx = 0; tx < tw; tx++) {
      const int top = ty * 4 - 1, left = tx * 4 - 1;
      const int interior = top >= 0 && left >= 0 && top + 6 <= h && left + 6 <= w;
      const float *origin = x + ((long)top * w + left) * c;
      const int at = (ty * tw + tx) * c;
      for (int k = 0; k < c; k += 4) {
        DECLARE6x6(d);
        DECLARE6x6(t);
#define LOAD(a, b)                                                                         \
  d##a##b = (interior || (top + a >= 0 && top + a < h && left + b >= 0 && left + b < w)) \
                ? load(origin + (a * w + b) * c + k)                                      \
                : zero;
#define LOADROW(a) LOAD(a, 0) LOAD(a, 1) LOAD(a, 2) LOAD(a, 3) LOAD(a, 4) LOAD(a, 5)
        EACH6(LOADROW)
#define ROWPASS(a) APPLY(BT, ROW(d, a), ROW(t, a));
        EACH6(ROWPASS)
#define COLPASS(b) APPLY(BT, COL(t, b), COL(d, b));
        EACH6(COLPASS)
#define STORE(a, b) store(out[a * 6 + b] + at + k, d##a##b);
#define STOREROW(a) STORE(a, 0) STORE(a, 1) STORE(a, 2) STORE(a, 3) STORE(a, 4) STORE(a, 5)
        EACH6(STOREROW)
#undef LOAD
#undef LOADROW
#undef ROWPASS
#undef COLPASS
#undef STORE
#undef STOREROW
      }
    }
  }
}

// m[i] [tiles, k] -> y [h, w, k]: At M A + bias (bias may be null), then ReLU if relu.
EXPORT(outputTransform)
void outputTransform(float **m, const float *bias, float *y, int h, int w, int k, int relu) {
  const int th = tilesOf(h), tw = tilesOf(w);
  const f4 zero = {0, 0, 0, 0};
  for (int ty = 0; ty < th; ty++) {
    const int rows = atMost4(h - ty * 4);
    for (int tx = 0; tx < tw; tx++) {
      const int cols = atMost4(w - tx * 4);
      const int at = (ty * tw + tx) * k;
      float *origin = y + ((long)ty * 4 * w + tx * 4) * k;
      for (int q = 0; q < k; q += 4) {
        DECLARE6x6(v);
        f4 t00, t01, t02, t03, t04, t05, t10, t11, t12, t13, t14, t15;
        f4 t20, t21, t22, t23, t24, t25, t30, t31, t32, t33, t34, t35;
        f4 o0, o1, o2, o3;
        const f4 b = bias ? load(bias + q) : zero;
#define LOAD(a, c) v##a##c = load(m[a * 6 + c] + at + q);
#define LOADROW(a) LOAD(a, 0) LOAD(a, 1) LOAD(a, 2) LOAD(a, 3) LOAD(a, 4) LOAD(a, 5)
        EACH6(LOADROW)
#define COLPASS(c) APPLY(AT, COL(v, c), t0##c, t1##c, t2##c, t3##c);
        EACH6(COLPASS)
#define OUT(i)                                                         \
  if (i < rows) {                                                      \
    AT(t##i##0, t##i##1, t##i##2, t##i##3, t##i##4, t##i##5, o0, o1, o2, o3); \
    o0 += b, o1 += b, o2 += b, o3 += b;                                \
    if (relu) {                                                        \
      o0 = positive(o0);                                            \
      o1 = positive(o1);                                            \
      o2 = positive(o2);                                            \
      o3 = positive(o3);                                            \
    }                                                                  \
    float *p = origin + (long)i * w * k + q;                           \
    store(p, o0);                                                      \
    if (cols > 1) store(p + k, o1);                                    \
    if (cols > 2) store(p + 2 * k, o2);                                \
    if (cols > 3) store(p + 3 * k, o3);                                \
  }
        OUT(0) OUT(1) OUT(2) OUT(3)
#undef LOAD
#undef LOADROW
#undef COLPASS
#undef OUT
      }
    }
  }
}

// The transposed gradient layouts [channels, tiles] put neighbouring tiles next to each other, so
// there the adjoints work on four tiles of a row at a time and transpose 4x4 blocks between "four
// channels of a tile" (how the arithmetic runs) and "four tiles of a channel" (how it is stored).

// dM = A dY At for the tile whose top-left output pixel is at dy + origin, four channels from q.
INLINE void outputTileAdjoint(const float *dy, const float *act, long origin, int rows, int cols, int w, int k, f4 *o) {
  const f4 zero = {0, 0, 0, 0};
  f4 y00, y01, y02, y03, y10, y11, y12, y13, y20, y21, y22, y23, y30, y31, y32, y33;
  DECLARE6x6(r);
  DECLARE6x6(m);
#define LOAD(i, j)                                                    \
  if (i < rows && j < cols) {                                         \
    const long p = origin + ((long)i * w + j) * k;                    \
    y##i##j = load(dy + p);                                           \
    if (act) y##i##j = masked(y##i##j, load(act + p) > zero);        \
  } else {                                                            \
    y##i##j = zero;                                                   \
  }
#define LOADROW(i) LOAD(i, 0) LOAD(i, 1) LOAD(i, 2) LOAD(i, 3)
  LOADROW(0) LOADROW(1) LOADROW(2) LOADROW(3)
#define ROWPASS(i) APPLY(A, y##i##0, y##i##1, y##i##2, y##i##3, ROW(r, i));
  ROWPASS(0) ROWPASS(1) ROWPASS(2) ROWPASS(3)
#define COLPASS(j) APPLY(A, r0##j, r1##j, r2##j, r3##j, COL(m, j));
  EACH6(COLPASS)
#define PUT(a, b) o[a * 6 + b] = m##a##b;
#define PUTROW(a) PUT(a, 0) PUT(a, 1) PUT(a, 2) PUT(a, 3) PUT(a, 4) PUT(a, 5)
  EACH6(PUTROW)
#undef LOAD
#undef LOADROW
#undef ROWPASS
#undef COLPASS
#undef PUT
#undef PUTROW
}

// The adjoint of outputTransform, through the ReLU: dy [h, w, k] (zeroed where act <= 0, when
// act is given) -> out[i]: dM = A dY At, as [tiles, k], or as [k, tiles] when transposed.
EXPORT(outputTransformAdjoint)
void outputTransformAdjoint(const float *dy, const float *act, int h, int w, int k, float **out, int transposed) {
  const int th = tilesOf(h), tw = tilesOf(w), tiles = th * tw;
  const f4 zero = {0, 0, 0, 0};
  if (!transposed) {
    for (int ty = 0; ty < th; ty++) {
      const int rows = atMost4(h - ty * 4);
      for (int tx = 0; tx < tw; tx++) {
        const int cols = atMost4(w - tx * 4);
        const long at = (long)(ty * tw + tx) * k;
        for (int q = 0; q < k; q += 4) {
          f4 o[36];
          outputTileAdjoint(dy, act, ((long)ty * 4 * w + tx * 4) * k + q, rows, cols, w, k, o);
#pragma clang loop unroll(full)
          for (int i = 0; i < 36; i++) store(out[i] + at + q, o[i]);
        }
      }
    }
    return;
  }
  for (int ty = 0; ty < th; ty++) {
    const int rows = atMost4(h - ty * 4);
    for (int tx = 0; tx < tw; tx += 4) {
      const int group = atMost4(tw - tx);
      const int first = ty * tw + tx;
      for (int q = 0; q < k; q += 4) {
        f4 o[4][36];
#pragma clang loop unroll(full)
        for (int g = 0; g < 4; g++) {
          if (g < group) {
            const int cols = atMost4(w - (tx + g) * 4);
            outputTileAdjoint(dy, act, ((long)ty * 4 * w + (tx + g) * 4) * k + q, rows, cols, w, k, o[g]);
          } else {
#pragma clang loop unroll(full)
            for (int i = 0; i < 36; i++) o[g][i] = zero;
          }
        }
#pragma clang loop unroll(full)
        for (int i = 0; i < 36; i++) {
          transpose4(&o[0][i], &o[1][i], &o[2][i], &o[3][i]);
#pragma clang loop unroll(full)
          for (int l = 0; l < 4; l++) {
            float *p = out[i] + (long)(q + l) * tiles + first;
            if (group == 4) {
              store(p, o[l][i]);
            } else {
              for (int g = 0; g < group; g++) p[g] = o[l][i][g];
            }
          }
        }
      }
    }
  }
}

// dd = B dV Bt for one tile (g: its 36 positions, four channels), added into dx where it falls
// inside the image; origin is the tile's top-left input pixel, which may lie outside.
INLINE void inputTileAdjoint(const f4 *g, float *dx, int top, int left, int h, int w, int c) {
  DECLARE6x6(v);
  DECLARE6x6(s);
  const int interior = top >= 0 && left >= 0 && top + 6 <= h && left + 6 <= w;
  float *origin = dx + ((long)top * w + left) * c;
#define GET(a, b) v##a##b = g[a * 6 + b];
#define GETROW(a) GET(a, 0) GET(a, 1) GET(a, 2) GET(a, 3) GET(a, 4) GET(a, 5)
  EACH6(GETROW)
#define ROWPASS(a) APPLY(B, ROW(v, a), ROW(s, a));
  EACH6(ROWPASS)
#define COLPASS(b) APPLY(B, COL(s, b), COL(v, b));
  EACH6(COLPASS)
#define ADD(a, b)                                                                    \
  if (interior || (top + a >= 0 && top + a < h && left + b >= 0 && left + b < w)) { \
    float *p = origin + (a * w + b) * c;                                             \
    store(p, load(p) + v##a##b);                                                     \
  }
#define ADDROW(a) ADD(a, 0) ADD(a, 1) ADD(a, 2) ADD(a, 3) ADD(a, 4) ADD(a, 5)
  EACH6(ADDROW)
#undef GET
#undef GETROW
#undef ROWPASS
#undef COLPASS
#undef ADD
#undef ADDROW
}

// The adjoint of inputTransform: v[i] [tiles, c] (or [c, tiles] when transposed) -> dx [h, w, c],
// dd = B dV Bt summed where neighbouring tiles overlap. dx must be zeroed first (a loop here would
// become a call to memset).
EXPORT(inputTransformAdjoint)
void inputTransformAdjoint(float **v, float *dx, int h, int w, int c, int transposed) {
  const int th = tilesOf(h), tw = tilesOf(w), tiles = th * tw;
  const f4 zero = {0, 0, 0, 0};
  if (!transposed) {
    for (int ty = 0; ty < th; ty++) {
      for (int tx = 0; tx < tw; tx++) {
        const long at = (long)(ty * tw + tx) * c;
        for (int k = 0; k < c; k += 4) {
          f4 g[36];
#pragma clang loop unroll(full)
          for (int i = 0; i < 36; i++) g[i] = load(v[i] + at + k);
          inputTileAdjoint(g, dx + k, ty * 4 - 1, tx * 4 - 1, h, w, c);
        }
      }
    }
    return;
  }
  for (int ty = 0; ty < th; ty++) {
    for (int tx = 0; tx < tw; tx += 4) {
      const int group = atMost4(tw - tx);
      const int first = ty * tw + tx;
      for (int k = 0; k < c; k += 4) {
        f4 g[4][36];
#pragma clang loop unroll(full)
        for (int i = 0; i < 36; i++) {
#pragma clang loop unroll(full)
          for (int l = 0; l < 4; l++) {
            const float *p = v[i] + (long)(k + l) * tiles + first;
            if (group == 4) {
              g[l][i] = load(p);
            } else {
              g[l][i] = zero;
              for (int t = 0; t < group; t++) g[l][i][t] = p[t];
            }
          }
          transpose4(&g[0][i], &g[1][i], &g[2][i], &g[3][i]);
        }
#pragma clang loop unroll(full)
        for (int t = 0; t < 4; t++) {
          if (t < group) inputTileAdjoint(g[t], dx + k, ty * 4 - 1, (tx + t) * 4 - 1, h, w, c);
        }
      }
    }
  }
}
