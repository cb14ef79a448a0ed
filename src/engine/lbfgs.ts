import * as tf from '@tensorflow/tfjs';
import { PIXEL_MAX } from './image';
import { pyramidPrecondition } from './pyramid';
import { lossValues, type LossValues } from './objective';
import type { ImageOptimizer, ObjectiveFunction, StepResult } from './optimizer';

/** Armijo's sufficient-decrease constant. */
const ARMIJO_C1 = 1e-4;
/** Halvings of the step before the line search gives up on a direction. */
const MAX_HALVINGS = 8;
/** Curvature pairs with s·y below this are skipped: they would make the inverse Hessian indefinite. */
const MIN_CURVATURE = 1e-10;

export interface LbfgsOptions {
  /** How many past (s, y) pairs approximate the inverse Hessian. */
  history: number;
  /** Size of a steepest-descent step (no history yet), in pixel levels of the largest change. */
  initialStep: number;
  /** Coarser levels of the pyramid preconditioner (0: plain per-pixel steps). */
  pyramidLevels: number;
}

const dot = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.mul(a, b));

/** Reads the values of the tensors that `compute` makes, in one transfer; the temporaries are freed. */
async function readNumbers(compute: () => tf.Tensor[]): Promise<Float32Array> {
  const joined = tf.tidy(() => tf.concat(compute().map((t) => t.reshape([-1]))));
  const values = (await joined.data()) as Float32Array;
  joined.dispose();
  return values;
}

/**
 * Limited-memory BFGS over the pixels (the optimiser of Gatys et al. and jcjohnson/neural-style),
 * with a backtracking Armijo line search and projection into 0..255. The initial inverse Hessian
 * is the pyramid preconditioner (see pyramid.ts) rather than the identity. The history lives on
 * the device; each evaluation reads back only a few scalars.
 */
export class Lbfgs implements ImageOptimizer {
  private x: tf.Tensor4D;
  private g: tf.Tensor4D | undefined;
  private f: LossValues | undefined;
  private s: tf.Tensor4D[] = [];
  private y: tf.Tensor4D[] = [];
  private rho: tf.Scalar[] = [];
  /** Scale of the initial inverse Hessian, (s·y)/(y·y) of the newest pair. */
  private gamma: tf.Scalar | undefined;

  constructor(
    initial: tf.Tensor4D,
    private readonly options: LbfgsOptions,
  ) {
    this.x = initial.clone();
  }

  /** The initial inverse Hessian's shape, M (its scale is gamma). */
  private precondition(q: tf.Tensor4D): tf.Tensor4D {
    return this.options.pyramidLevels > 0 ? pyramidPrecondition(q, this.options.pyramidLevels) : q;
  }

  get image(): tf.Tensor4D {
    return this.x;
  }

  /** Two-loop recursion: the quasi-Newton direction −H·g. */
  private direction(g: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let q: tf.Tensor4D = g;
      const alphas: tf.Scalar[] = [];
      for (let i = this.s.length - 1; i >= 0; i--) {
        alphas[i] = tf.mul(this.rho[i], dot(this.s[i], q));
        q = tf.sub(q, tf.mul(alphas[i], this.y[i])) as tf.Tensor4D;
      }
      let r: tf.Tensor = this.precondition(this.gamma ? tf.mul(q, this.gamma) : q);
      for (let i = 0; i < this.s.length; i++) {
        const beta = tf.mul(this.rho[i], dot(this.y[i], r));
        r = tf.add(r, tf.mul(this.s[i], tf.sub(alphas[i], beta)));
      }
      return tf.neg(r) as tf.Tensor4D;
    });
  }

  async step(objective: ObjectiveFunction): Promise<StepResult> {
    let evaluations = 0;
    if (!this.g || !this.f) {
      const { grad, losses } = objective(this.x);
      this.f = lossValues(await readNumbers(() => [losses]));
      losses.dispose();
      this.g = grad;
      evaluations++;
    }
    const g = this.g;
    let d = this.direction(g);
    let [slope, dMax] = await readNumbers(() => [dot(g, d), tf.max(tf.abs(d))]);
    if (!(slope < 0)) {
      // Not a descent direction: the history no longer fits, restart from steepest descent
      // (the plain gradient, which is downhill whatever the preconditioner).
      this.forgetHistory();
      d.dispose();
      d = tf.neg(g);
      [slope, dMax] = await readNumbers(() => [dot(g, d), tf.max(tf.abs(d))]);
    }
    let t = this.s.length === 0 ? this.options.initialStep / Math.max(dMax, 1e-12) : 1;

    for (let halving = 0; halving <= MAX_HALVINGS; halving++, t /= 2) {
      const xNew = tf.tidy(() => tf.clipByValue(tf.add(this.x, tf.mul(d, t)), 0, PIXEL_MAX) as tf.Tensor4D);
      const { grad, losses } = objective(xNew);
      evaluations++;
      // Sufficient decrease is measured along the step actually taken, after projection.
      const values = await readNumbers(() => [losses, dot(g, tf.sub(xNew, this.x))]);
      losses.dispose();
      const fNew = lossValues(values);
      if (fNew.total <= this.f.total + ARMIJO_C1 * values[4]) {
        await this.remember(xNew, grad);
        tf.dispose([this.x, this.g, d]);
        this.x = xNew;
        this.g = grad;
        this.f = fNew;
        return { losses: fNew, evaluations };
      }
      tf.dispose([xNew, grad]);
    }
    // No decrease along this direction even for a tiny step: stay, and restart the history.
    d.dispose();
    this.forgetHistory();
    return { losses: this.f, evaluations };
  }

  private async remember(xNew: tf.Tensor4D, gNew: tf.Tensor4D): Promise<void> {
    const s = tf.sub(xNew, this.x) as tf.Tensor4D;
    const y = tf.sub(gNew, this.g!) as tf.Tensor4D;
    // gamma = (s·y)/(y·My) scales M to the curvature just seen (M = I: Nocedal & Wright's choice).
    const [sy, yMy] = await readNumbers(() => [dot(s, y), dot(y, this.precondition(y))]);
    if (!(sy > MIN_CURVATURE)) {
      tf.dispose([s, y]);
      return;
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(tf.scalar(1 / sy));
    this.gamma?.dispose();
    this.gamma = tf.scalar(sy / yMy);
    if (this.s.length > this.options.history) {
      tf.dispose([this.s.shift()!, this.y.shift()!, this.rho.shift()!]);
    }
  }

  private forgetHistory(): void {
    tf.dispose([...this.s, ...this.y, ...this.rho]);
    this.gamma?.dispose();
    this.s = [];
    this.y = [];
    this.rho = [];
    this.gamma = undefined;
  }

  reset(): void {
    this.forgetHistory();
    this.g?.dispose();
    this.g = undefined;
    this.f = undefined;
  }

  dispose(): void {
    this.reset();
    this.x.dispose();
  }
}
