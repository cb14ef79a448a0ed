// The video modules in a real browser, for e2e/videoIo.spec.ts: it makes a short clip here (moving
// shapes and a tone), then drives the same probe, decoder, encoder and frame store as the app.
import {
  AudioSample,
  AudioSampleSource,
  BufferTarget,
  canDecodeVideo,
  canEncodeAudio,
  canEncodeVideo,
  EncodedPacket,
  EncodedVideoPacketSource,
  MovOutputFormat,
  Output,
  Quality,
  WavOutputFormat,
  WebMOutputFormat,
  type AudioCodec,
  type VideoCodec,
} from 'mediabunny';
import type { RgbaImage } from '../engine/image/image';
import { decodeFrames, type DecodeOptions } from '../video/decodeFrames';
import { encodeVideo, type EncodeOptions } from '../video/encodeVideo';
import { probeVideo } from '../video/probeVideo';
import { VideoFrameStore, type FrameStorage } from '../video/videoFrameStore';

/** The test clip's frame `index`: a grey square whose brightness counts the frames, and a disc that moves. */
export function testFrame(index: number, width: number, height: number): RgbaImage {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#204080';
  context.fillRect(0, 0, width, height);
  const level = frameLevel(index);
  context.fillStyle = `rgb(${level}, ${level}, ${level})`;
  context.fillRect(0, 0, width / 2, height / 2);
  context.fillStyle = '#e0a020';
  context.beginPath();
  context.arc(((index * 4) % width) + 4, (height * 3) / 4, height / 8, 0, 2 * Math.PI);
  context.fill();
  return { width, height, data: context.getImageData(0, 0, width, height).data };
}

/** The grey of frame `index`'s square: 6 levels a frame, far apart enough to survive lossy coding. */
export const frameLevel = (index: number): number => 8 + ((index * 6) % 240);

/** A 440 Hz tone, `seconds` long: Opus in WebM, or 16-bit PCM in WAV (which WebM cannot hold). */
async function toneFile(seconds: number, codec: 'opus' | 'pcm-s16' = 'opus'): Promise<File> {
  const sampleRate = 48_000;
  const format = codec === 'opus' ? new WebMOutputFormat() : new WavOutputFormat();
  const output = new Output({ format, target: new BufferTarget() });
  const source = new AudioSampleSource({ codec, quality: new Quality('medium') });
  output.addAudioTrack(source);
  await output.start();
  const data = Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
  const sample = new AudioSample({ data, format: 'f32', numberOfChannels: 1, sampleRate, timestamp: 0 });
  await source.add(sample);
  sample.close();
  source.close();
  await output.finalize();
  return new File([output.target.buffer!], codec === 'opus' ? 'tone.webm' : 'tone.wav', { type: codec === 'opus' ? 'audio/webm' : 'audio/wav' });
}

export interface ClipRequest {
  seconds: number;
  fps: number;
  width: number;
  height: number;
  container?: EncodeOptions['container'];
  withAudio?: boolean;
}

/** A clip made in the browser through the app's own encoder. */
async function makeClip({ seconds, fps, width, height, container, withAudio }: ClipRequest): Promise<File> {
  const frames = Array.from({ length: Math.round(seconds * fps) }, (_, index) => testFrame(index, width, height));
  const audioFrom = withAudio ? await toneFile(seconds) : undefined;
  const video = await encodeVideo(frames, { fps, container, audioFrom });
  return new File([video.blob], `clip.${video.extension}`, { type: video.mimeType });
}

/** A MOV whose one packet claims to be ProRes: a codec no browser decodes. */
async function proresMov(): Promise<File> {
  const output = new Output({ format: new MovOutputFormat(), target: new BufferTarget() });
  const source = new EncodedVideoPacketSource('prores');
  output.addVideoTrack(source);
  await output.start();
  await source.add(new EncodedPacket(new Uint8Array(64), 'key', 0, 1 / 25), { decoderConfig: { codec: 'apch', codedWidth: 64, codedHeight: 48 } });
  source.close();
  await output.finalize();
  return new File([output.target.buffer!], 'interview.mov', { type: 'video/quicktime' });
}

/** What this browser's WebCodecs decode and encode, for docs/video-io.md. */
async function codecSupport() {
  const video: VideoCodec[] = ['avc', 'hevc', 'vp8', 'vp9', 'av1'];
  const audio: AudioCodec[] = ['aac', 'opus', 'mp3', 'flac', 'vorbis'];
  const size = { width: 256, height: 144 };
  return {
    decodeVideo: Object.fromEntries(await Promise.all(video.map(async (codec) => [codec, await canDecodeVideo(codec)]))),
    encodeVideo: Object.fromEntries(await Promise.all(video.map(async (codec) => [codec, await canEncodeVideo(codec, size)]))),
    encodeAudio: Object.fromEntries(await Promise.all(audio.map(async (codec) => [codec, await canEncodeAudio(codec)]))),
  };
}

async function collect(file: Blob, options: DecodeOptions) {
  const frames: RgbaImage[] = [];
  for await (const frame of decodeFrames(file, options)) frames.push(frame);
  return frames;
}

/** Decoding and encoding speed at `longSide` (16:9), in frames a second, over `frameCount` frames of the test pattern. */
async function measureSpeed(longSide: number, frameCount: number, container?: EncodeOptions['container'], fps = 24) {
  const height = Math.round((longSide * 9) / 16 / 2) * 2;
  const frames = Array.from({ length: frameCount }, (_, index) => testFrame(index, longSide, height));
  let began = performance.now();
  const video = await encodeVideo(frames, { fps, container });
  const encodeFps = frameCount / ((performance.now() - began) / 1000);
  began = performance.now();
  const decoded = await collect(video.blob, { fps, longSide });
  const decodeFps = decoded.length / ((performance.now() - began) / 1000);
  return { longSide, frames: frameCount, decoded: decoded.length, codec: video.videoCodec, encodeFps, decodeFps };
}

/** The frame store, as one call per step, so that a new page (a reload) can open the same render. */
const stores = {
  async save(renderId: string, storage: FrameStorage, frames: RgbaImage[], from = 0) {
    const store = await VideoFrameStore.open(renderId, storage);
    for (const [offset, frame] of frames.entries()) await store.save(from + offset, frame);
  },
  async state(renderId: string, storage: FrameStorage) {
    const store = await VideoFrameStore.open(renderId, storage);
    return { storage: store.storage, done: await store.doneFrames(), next: await store.nextFrame() };
  },
  async load(renderId: string, storage: FrameStorage, index: number) {
    return (await VideoFrameStore.open(renderId, storage)).load(index);
  },
  async clear(renderId: string, storage: FrameStorage) {
    await (await VideoFrameStore.open(renderId, storage)).clear();
  },
  renders: (storage: FrameStorage) => VideoFrameStore.renders(storage),
  removeRendersBut: (keep: string | undefined, storage: FrameStorage) => VideoFrameStore.removeRendersBut(keep, storage),
  removeEmptyRenders: (storage: FrameStorage) => VideoFrameStore.removeEmptyRenders(storage),
};

const videoIo = { makeClip, toneFile, proresMov, codecSupport, collect, measureSpeed, probeVideo, decodeFrames, encodeVideo, testFrame, frameLevel, stores };
export type VideoIo = typeof videoIo;
(window as unknown as { videoIo: VideoIo }).videoIo = videoIo;
document.body.dataset.ready = 'true';
