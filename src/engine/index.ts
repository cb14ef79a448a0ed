// The style-transfer engine: plain TypeScript over tfjs, with no DOM and no UI.
export { Vgg19, type Gradients } from './network/vgg19';
export { LAYER_NAMES, IMAGENET_MEAN_RGB, type LayerName, type Pooling } from './network/vgg19Architecture';
export type { ReadModelFile } from './network/weights';
export { startStyleTransfer, type StyleTransferRun } from './run/styleTransfer';
export { CancelledError } from './run/controls';
export type { RunHooks } from './run/context';
export { outputGrid, type StyleInputs, type StyleImage } from './run/inputs';
export type { Progress } from './run/progress';
export { isOutOfMemory } from './run/outOfMemory';
export { DEFAULT_SETTINGS, withDefaults, type StyleSettings, type LossWeights, type LayerWeights } from './settings';
export type { RgbaImage } from './image/image';
export type { LossValues } from './loss/objective';
export { startVideoFrame, type VideoFrameRun, type PreviousFrame, type EarlierFrame, type FrameStats } from './video/videoFrame';
export { framesHeldTo, LONG_TERM_OFFSETS } from './video/framesHeldTo';
export { opticalFlow } from './video/flow';
export { temporalError } from './video/temporalError';
