import * as tf from '@tensorflow/tfjs';
import { profiled } from '../profile/stepProfile';
import type { ConvWeights } from './weights';
import { winogradConv2d, winogradConv2dBackpropInput, winogradFilter, type WinogradFilter } from './winograd';

/** A 3x3 'same' convolution + bias + ReLU with a fast input gradient on every backend. */
export interface ConvRelu {
  forward(x: tf.Tensor4D): tf.Tensor4D;
  /** The gradient with respect to the input, for `dy` at the output, which was `activated`. */
  backward(dy: tf.Tensor4D, activated: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

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
 * several times faster on wasm and holds 4× the kernel's memory.
 */
export function fastConvRelu(weights: ConvWeights, winograd = false): ConvRelu {
  const layer = winograd ? winogradConvRelu(weights) : directConvRelu(weights);
  return {
    forward: (x) => profiled('convForward', () => layer.forward(x)),
    backward: (dy, activated) => profiled('convBackward', () => layer.backward(dy, activated)),
    dispose: () => layer.dispose(),
  };
}

function winogradConvRelu({ kernel, bias }: ConvWeights): ConvRelu {
  // Made on first use: layers deeper than any chosen one never need their 4× larger U.
  let filter: WinogradFilter | undefined;
  const transformed = () => (filter ??= winogradFilter(kernel));
  return {
    forward: (x) => winogradConv2d(x, transformed(), bias, true),
    backward: (dy, activated) => winogradConv2dBackpropInput(dy, transformed(), activated),
    dispose: () => filter?.dispose(),
  };
}

function directConvRelu({ kernel, bias }: ConvWeights): ConvRelu {
  let backwardKernel: tf.Tensor4D | undefined;
  return {
    forward: (x) => tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: 'same', bias, activation: 'relu' }),
    backward: (dy, activated) =>
      tf.tidy(() => {
        backwardKernel ??= tf.keep(backwardKernelOf(kernel));
        return tf.conv2d(tf.mul(dy, tf.step(activated)) as tf.Tensor4D, backwardKernel, 1, 'same');
      }),
    dispose: () => backwardKernel?.dispose(),
  };
}

/** A conv + ReLU layer written the plain way, differentiated by tfjs's tape: the benchmark baseline. */
export type ConvReluLayer = (x: tf.Tensor4D) => tf.Tensor4D;

export function stockConvRelu({ kernel, bias }: ConvWeights): ConvReluLayer {
  return (x) => tf.relu(tf.add(tf.conv2d(x, kernel, 1, 'same'), bias)) as tf.Tensor4D;
}
