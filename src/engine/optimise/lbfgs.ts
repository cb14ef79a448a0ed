import * as tf from '@tensorflow/tfjs';
import { PIXEL_MAX } from '../image/image';
import { pyramidPrecondition } from './pyramid';
import { profiled } from '../profile/stepProfile';
import { TERM_NAMES } from '../loss/lossTerm';
import { lossValues, type LossValues } from '../loss/objective';
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
  const joined = profiled('optimiser', () => tf.tidy(() => tf.concat(compute().map((t) => t.reshape([-1])))));
  const values = (await joined.data()) as Float32Array;
  joined.dispose();
  return values;
}

/**
 * Limited-memory BFGS over the pixels (the optimiser of Gatys et al. and jcjohnson/neural-style),
 * with a backtracking Armijo line search and projection into 0..255. The initial inverse Hessian
 * is the pyramid preconditioner (see pyramid.ts) rather than the identity.
 *
 * The history lives on the device, and an iteration reads back once: the trial point's losses
 * together with the checks that the step before would otherwise have waited for (is the
 * direction downhill, is the newest pair's curvature positive). On a GPU each readback stalls
 * the queue, so the rare failed check costs an evaluation rather than every step a round trip.
 */
export class Lbfgs implements ImageOptimizer {
  private x: tf.Tensor4D;
  private g: tf.Tensor4D | undefined;
  private f: LossValues | undefined;
  private s: tf.Tensor4D[] = [];
  private y: tf.Tensor4D[] = [];
  private rho: tf.Scalar[] = [];
  /** Scale of the initial inverse Hessian, (s·y)/(y·My) of the newest pair. */
  private gamma: tf.Scalar | undefined;
  /** The newest pair's s·y, not read back yet, and the gamma from before it (restored if s·y is too small). */
  private unchecked: { sy: tf.Scalar; previousGamma: tf.Scalar | undefined } | undefined;

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

  /** Two-loop recursion over the newest `history` pairs: the quasi-Newton direction −H·g. */
  private direction(g: tf.Tensor4D): tf.Tensor4D {
    return profiled('optimiser', () => tf.tidy(() => {
      const oldest = Math.max(0, this.s.length - this.options.history);
      let q: tf.Tensor4D = g;
      const alphas: tf.Scalar[] = [];
      for (let i = this.s.length - 1; i >= oldest; i--) {
        alphas[i] = tf.mul(this.rho[i], dot(this.s[i], q));
        q = tf.sub(q, tf.mul(alphas[i], this.y[i])) as tf.Tensor4D;
      }
      let r: tf.Tensor = this.precondition(this.gamma ? tf.mul(q, this.gamma) : q);
      for (let i = oldest; i < this.s.length; i++) {
        const beta = tf.mul(this.rho[i], dot(this.y[i], r));
        r = tf.add(r, tf.mul(this.s[i], tf.sub(alphas[i], beta)));
      }
      return tf.neg(r) as tf.Tensor4D;
    }));
  }

  async step(objective: ObjectiveFunction): Promise<StepResult> {
    // The step's own tensors until it keeps them: freed when an evaluation or a readback fails
    // (out of memory), so that the run can go on in smaller tiles without them.
    const own = new Set<tf.Tensor>();
    try {
      return await this.search(objective, own);
    } catch (error) {
      tf.dispose([...own]);
      throw error;
    }
  }

  private async search(objective: ObjectiveFunction, own: Set<tf.Tensor>): Promise<StepResult> {
    const mine = <T extends tf.Tensor>(tensor: T): T => (own.add(tensor), tensor);
    let evaluations = 0;
    if (!this.g || !this.f) {
      const { grad, losses } = objective(this.x);
      own.add(grad).add(losses);
      this.f = lossValues(await readNumbers(() => [losses]));
      losses.dispose();
      this.g = grad;
      own.delete(grad);
      evaluations++;
    }
    // After a restart: the plain gradient, which is downhill whatever the preconditioner.
    let steepest = false;
    search: for (;;) {
      const g = this.g;
      const d = mine(steepest ? tf.neg(g) : this.direction(g));
      let t = 1;
      if (this.s.length === 0) {
        // No history to scale the step: its length comes from the direction's largest change.
        const [slope, dMax] = await readNumbers(() => [dot(g, d), tf.max(tf.abs(d))]);
        if (!(slope < 0) && !steepest) {
          d.dispose();
          steepest = true;
          continue search;
        }
        t = this.options.initialStep / Math.max(dMax, 1e-12);
      }

      for (let halving = 0; halving <= MAX_HALVINGS; halving++, t /= 2) {
        const xNew = mine(profiled('optimiser', () => tf.tidy(() => tf.clipByValue(tf.add(this.x, tf.mul(d, t)), 0, PIXEL_MAX) as tf.Tensor4D)));
        const { grad, losses } = objective(xNew);
        own.add(grad).add(losses);
        evaluations++;
        const unchecked = this.unchecked;
        // Sufficient decrease is measured along the step actually taken, after projection.
        const values = await readNumbers(() => [losses, dot(g, tf.sub(xNew, this.x)), dot(g, d), ...(unchecked ? [unchecked.sy] : [])]);
        losses.dispose();
        const [moved, slope, sy] = values.subarray(1 + TERM_NAMES.length);
        if (unchecked) {
          if (!(sy > MIN_CURVATURE)) {
            // The newest pair would make the inverse Hessian indefinite: search again without it.
            tf.dispose([xNew, grad, d]);
            this.dropNewestPair();
            continue search;
          }
          this.confirmNewestPair();
        }
        if (!(slope < 0) && this.s.length > 0) {
          // Not a descent direction: the history no longer fits, restart from steepest descent.
          tf.dispose([xNew, grad, d]);
          this.forgetHistory();
          steepest = true;
          continue search;
        }
        const fNew = lossValues(values);
        if (fNew.total <= this.f.total + ARMIJO_C1 * moved) {
          profiled('optimiser', () => this.remember(xNew, grad));
          tf.dispose([this.x, this.g, d]);
          this.x = xNew;
          this.g = grad;
          own.delete(xNew);
          own.delete(grad);
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
  }

  /** Takes the step's (s, y) pair into the history; its curvature is checked at the next readback. */
  private remember(xNew: tf.Tensor4D, gNew: tf.Tensor4D): void {
    const s = tf.sub(xNew, this.x) as tf.Tensor4D;
    const y = tf.sub(gNew, this.g!) as tf.Tensor4D;
    const sy = tf.tidy(() => dot(s, y));
    this.s.push(s);
    this.y.push(y);
    this.rho.push(tf.tidy(() => tf.div(1, sy) as tf.Scalar));
    this.unchecked = { sy, previousGamma: this.gamma };
    // gamma = (s·y)/(y·My) scales M to the curvature just seen (M = I: Nocedal & Wright's choice).
    this.gamma = tf.tidy(() => tf.div(sy, dot(y, this.precondition(y))) as tf.Scalar);
  }

  private confirmNewestPair(): void {
    const { sy, previousGamma } = this.unchecked!;
    tf.dispose([sy, ...(previousGamma ? [previousGamma] : [])]);
    this.unchecked = undefined;
    if (this.s.length > this.options.history) tf.dispose([this.s.shift()!, this.y.shift()!, this.rho.shift()!]);
  }

  private dropNewestPair(): void {
    const { sy, previousGamma } = this.unchecked!;
    tf.dispose([sy, this.s.pop()!, this.y.pop()!, this.rho.pop()!, this.gamma!]);
    this.gamma = previousGamma;
    this.unchecked = undefined;
  }

  private forgetHistory(): void {
    if (this.unchecked) this.confirmNewestPair();
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
