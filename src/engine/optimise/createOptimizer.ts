import type * as tf from '@tensorflow/tfjs';
import type { StyleSettings } from '../settings';
import { Adam } from './adam';
import { Lbfgs } from './lbfgs';
import type { ImageOptimizer } from './optimizer';

/** The optimiser the settings name, starting at `start` (which the caller keeps). */
export function createOptimizer(settings: StyleSettings, start: tf.Tensor4D): ImageOptimizer {
  return settings.optimizer === 'adam'
    ? new Adam(start, settings.learningRate)
    : new Lbfgs(start, { history: settings.lbfgsHistory, initialStep: settings.learningRate, pyramidLevels: settings.pyramidLevels });
}
