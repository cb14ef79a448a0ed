import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../image/image';
import type { Vgg19 } from '../network/vgg19';
import type { StyleSettings } from '../settings';
import type { RunContext, RunHooks } from './context';
import { CancelledError, ControlState, type RunControls } from './controls';
import { Finish } from './finish';
import { disposeInputs, outputGrid, prepareInputs, type StyleInputs } from './inputs';
import { optimiseScaleInTilesThatFit } from './optimiseScale';
import { planRun } from './plan';
import { RunProgress } from './progress';
import { initialImage, upscaleWithDetail } from './startImage';
import { tileSizeForDevice } from './tileSize';

export interface StyleTransferRun extends RunControls {
  /** The finished image; rejects with CancelledError after cancel(). */
  readonly result: Promise<RgbaImage>;
}

/**
 * Runs Gatys et al.'s style transfer of `inputs.styles` onto `inputs.content`, as its schedule
 * reads: scale by scale (optimiseScale.ts), each started from the upscaled result of the one
 * before and optimised whole or in blended tiles (optimiseTile.ts), reporting after every iteration.
 */
export function startStyleTransfer(vgg: Vgg19, inputs: StyleInputs, settings: StyleSettings, hooks: RunHooks = {}): StyleTransferRun {
  const controls = new ControlState(settings.weights);

  async function run(): Promise<RgbaImage> {
    const grid = outputGrid(inputs);
    const tileSize = tileSizeForDevice(grid, settings, hooks.onNotice);
    const plan = planRun(grid, { ...settings, tileSize });
    const prepared = await prepareInputs(inputs, settings, hooks.onNotice);
    const context: RunContext = { vgg, settings, plan, hooks, controls, progress: new RunProgress(plan) };
    let image: tf.Tensor4D | undefined;
    let finish: Finish | undefined;
    try {
      for (let scaleIndex = 0; scaleIndex < plan.length && !controls.ended; scaleIndex++) {
        const { size } = plan[scaleIndex];
        finish?.dispose();
        finish = new Finish(prepared, size, settings.colour);
        const start = image ? upscaleWithDetail(image, prepared.content, size) : initialImage(settings, prepared, size);
        const initial = (await start.data()) as Float32Array;
        start.dispose();
        const pixels = await optimiseScaleInTilesThatFit(context, scaleIndex, prepared, finish, initial, tileSize);
        image?.dispose();
        image = tf.tensor4d(pixels, [1, size.height, size.width, 3]);
      }
      if (controls.cancelled) throw new CancelledError();
      return await finish!.toImage(image!);
    } finally {
      finish?.dispose();
      disposeInputs(prepared);
      image?.dispose();
    }
  }

  return {
    result: run(),
    setWeights: (weights) => controls.setWeights(weights),
    pause: () => controls.pause(),
    resume: () => controls.resume(),
    stop: () => controls.stop(),
    cancel: () => controls.cancel(),
  };
}
