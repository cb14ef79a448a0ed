import type { RgbaImage } from '../image/image';
import type { Gradients, Vgg19 } from '../network/vgg19';
import type { StyleSettings } from '../settings';
import type { ControlState } from './controls';
import type { ScalePlan } from './plan';
import type { Progress, RunProgress } from './progress';

export interface RunHooks {
  /**
   * Called after every iteration. `snapshot` reads the current image (call it before returning,
   * and only when a frame is wanted: reading pixels back costs time). The run waits for a
   * returned promise.
   */
  onIteration?: (progress: Progress, snapshot: () => Promise<RgbaImage>) => void | Promise<void>;
  /** Stock tfjs gradients instead of the fast ones: only the benchmark's baseline wants this. */
  gradients?: Gradients;
  /** Told when the run changes course by itself, e.g. smaller tiles after running out of memory. */
  onNotice?: (message: string) => void;
}

/** What every part of a run reads: the network, the settings, the plan, the hooks, the controls and the count. */
export interface RunContext {
  vgg: Vgg19;
  settings: StyleSettings;
  /** The scales; the out-of-memory fallback re-tiles one in place. */
  plan: ScalePlan[];
  hooks: RunHooks;
  controls: ControlState;
  progress: RunProgress;
}
