import * as tf from '@tensorflow/tfjs';
import type { ConvWeights } from './weights';
import { winogradConv2d, winogradConv2dBackpropInput, winogradFilter } from './winograd';

/** A 3x3 'same' convolution + bias + ReLU whose input gradient is fast on every backend. */
export type ConvReluLayer = (x: tf.Tensor4D) => tf.Tensor4D;

/** The kernel of the input gradient: flipped in space, in/out channels swapped. */
const backwardKernelOf = (kernel: tf.Tensor4D) =>
  tf.tidy(() => tf.reverse(kernel, [0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D);

/**
 * The input gradient of a stride-1 'same' 3x3 convolution is itself a 'same' convolution of
 * the upstream gradient with the kernel flipped in space and with in/out channels swapped.
 * tfjs's stock Conv2DBackpropInput is a slow scalar loop on wasm (shared/testing/browser.md:
 * 83% of a step), a plain conv uses the fast kernel. The weights are constants, so no
 * filter gradient is needed.
 *
 * With `winograd` both convolutions run as Winograd F(4×4, 3×3) (see winograd.ts), which is
 * several times faster on wasm for wide layers and holds 4× the kernel's memory.
 */
export function fastConvRelu(
  { kernel, bias }: ConvWeights,
  winograd = false,
): { layer: ConvReluLayer; dispose: () => void } {
  let forward: (x: tf.Tensor4D) => tf.Tensor4D;
  /** The input gradient, through the ReLU whose output was `activated`. */
  let backward: (dy: tf.Tensor4D, activated: tf.Tensor4D) => tf.Tensor4D;
  let dispose: () => void;
  if (winograd) {
    const filter = winogradFilter(kernel);
    forward = (x) => winogradConv2d(x, filter, bias, true);
    backward = (dy, activated) => winogradConv2dBackpropInput(dy, filter, activated);
    dispose = () => filter.dispose();
  } else {
    const backwardKernel = backwardKernelOf(kernel);
    forward = (x) => tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: 'same', bias, activation: 'relu' });
    backward = (dy, activated) => tf.conv2d(tf.mul(dy, tf.step(activated)) as tf.Tensor4D, backwardKernel, 1, 'same');
    dispose = () => backwardKernel.dispose();
  }
  const layer = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = forward(x as tf.Tensor4D);
    save([y]);
    return {
      value: y,
      // The tidy frees the ReLU mask and the masked gradient at once: tfjs would otherwise keep
      // them, for every layer, until the whole backward pass ends (a third of the peak memory).
      gradFunc: (dy: tf.Tensor, [activated]: tf.Tensor[]) => tf.tidy(() => backward(dy as tf.Tensor4D, activated as tf.Tensor4D)),
    };
  }) as Parameters<typeof tf.customGrad<tf.Tensor4D>>[0]) as ConvReluLayer;
  return { layer, dispose };
}

/** The same layer written the plain way, with tfjs's stock gradients: the benchmark baseline. */
export function stockConvRelu({ kernel, bias }: ConvWeights): ConvReluLayer {
  return (x) => tf.relu(tf.add(tf.conv2d(x, kernel, 1, 'same'), bias)) as tf.Tensor4D;
}
