import * as tf from '@tensorflow/tfjs';
import { PIXEL_MAX } from '../image/image';
import { lossValues } from '../loss/objective';
import type { ImageOptimizer, ObjectiveFunction, StepResult } from './optimizer';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** Adam over the pixels, step size in pixel levels, projected back into 0..255 after each step. */
export class Adam implements ImageOptimizer {
  private x: tf.Tensor4D;
  private m: tf.Tensor4D;
  private v: tf.Tensor4D;
  private t = 0;

  constructor(
    initial: tf.Tensor4D,
    private readonly learningRate: number,
  ) {
    this.x = initial.clone();
    this.m = tf.zerosLike(initial);
    this.v = tf.zerosLike(initial);
  }

  get image(): tf.Tensor4D {
    return this.x;
  }

  async step(objective: ObjectiveFunction): Promise<StepResult> {
    const { grad, losses } = objective(this.x);
    this.t++;
    const [x, m, v] = tf.tidy(() => {
      const m = tf.add(tf.mul(this.m, BETA1), tf.mul(grad, 1 - BETA1));
      const v = tf.add(tf.mul(this.v, BETA2), tf.mul(tf.square(grad), 1 - BETA2));
      const mHat = tf.div(m, 1 - BETA1 ** this.t);
      const vHat = tf.div(v, 1 - BETA2 ** this.t);
      const update = tf.div(tf.mul(mHat, this.learningRate), tf.add(tf.sqrt(vHat), EPSILON));
      return [tf.clipByValue(tf.sub(this.x, update), 0, PIXEL_MAX), m, v] as tf.Tensor4D[];
    });
    grad.dispose();
    tf.dispose([this.x, this.m, this.v]);
    [this.x, this.m, this.v] = [x, m, v];
    const values = lossValues(await losses.data());
    losses.dispose();
    return { losses: values, evaluations: 1 };
  }

  reset(): void {
    // Adam's moments adapt by themselves when the objective changes.
  }

  dispose(): void {
    tf.dispose([this.x, this.m, this.v]);
  }
}
