// The video modules' public face: what the UI (and, if it moves there, the worker) uses to read a
// dropped clip, keep its finished frames and write the result. DOM and WebCodecs; no tfjs.
export { decodeFrames, type DecodedFrame, type DecodeOptions } from './decodeFrames';
export { chooseVideoFormat, encodeVideo, type EncodedVideo, type EncodeOptions, type VideoContainer } from './encodeVideo';
export { frameCount, frameSize, frameTime, frameTimes, type ClipRange } from './frameTiming';
export { probeVideo, type VideoProbe } from './probeVideo';
export { MAX_VIDEO_RENDER_SECONDS, renderEstimate, type RenderEstimate } from './renderEstimate';
export { renderId, type ClipFile } from './renderId';
export { hasWebCodecs, VideoInputError, VIDEO_MESSAGES } from './videoMessages';
export { VideoFrameStore, type FrameStorage } from './videoFrameStore';
