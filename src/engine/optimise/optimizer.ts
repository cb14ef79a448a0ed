import type * as tf from '@tensorflow/tfjs';
import type { Evaluation, LossValues } from '../loss/objective';

/** Loss and gradient of an image; the optimiser disposes what it gets back. */
export type ObjectiveFunction = (image: tf.Tensor4D) => Evaluation;

export interface StepResult {
  /** Losses at the image the step started from (Adam) or arrived at (L-BFGS). */
  losses: LossValues;
  /** Objective evaluations that the step cost (L-BFGS's line search may take several). */
  evaluations: number;
}

/** An optimiser over the pixels of one image, kept in 0..255. It owns `image`. */
export interface ImageOptimizer {
  readonly image: tf.Tensor4D;
  step(objective: ObjectiveFunction): Promise<StepResult>;
  /** Forgets what it learned of the objective's shape: call it when the objective changes. */
  reset(): void;
  dispose(): void;
}
