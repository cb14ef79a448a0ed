// What a person is told about a video the app cannot use, one sentence each.

/** A file that cannot be used as a video; the message is meant for the user. */
export class VideoInputError extends Error {}

/** Codec names as people meet them in players and file info. */
const CODEC_NAMES: Record<string, string> = { avc: 'H.264', hevc: 'H.265 (HEVC)', vp8: 'VP8', vp9: 'VP9', av1: 'AV1', prores: 'ProRes' };

export const codecName = (codec: string | null): string => (codec ? (CODEC_NAMES[codec] ?? codec) : 'an unknown codec');

export const VIDEO_MESSAGES = {
  noWebCodecs: 'This browser cannot read or write videos (it has no WebCodecs): open the page in a recent Chrome, Edge, Firefox or Safari.',
  empty: (name: string) => `${name} is empty.`,
  notVideo: (name: string) => `${name} is not a video this app can open: drop an MP4, WebM or MOV file.`,
  noVideoTrack: (name: string) => `${name} holds no video track (only sound or other data).`,
  undecodable: (name: string, codec: string | null) =>
    `${name} is stored as ${codecName(codec)}, which this browser cannot decode: convert it to H.264 MP4 or VP9 WebM, or try another browser.`,
  unreadable: (name: string) => `${name} could not be read to the end: the file may be damaged or cut short.`,
  noEncoder: 'This browser can encode neither H.264 nor VP9 nor VP8 video, so the result cannot be saved as a video.',
  audioDropped: (codec: string | null) => `The original sound (${codec ?? 'unknown codec'}) could not be kept: this browser can neither copy nor re-encode it into the video.`,
} as const;

export const hasWebCodecs = (): boolean => typeof VideoDecoder !== 'undefined' && typeof VideoEncoder !== 'undefined';
