// The original clip's sound, trimmed to the rendered range, for the new video: its packets copied as
// they are where the container takes the codec, else decoded and encoded again, else left out with a sentence.
import {
  ALL_FORMATS,
  AudioSampleSink,
  AudioSampleSource,
  BlobSource,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  getFirstEncodableAudioCodec,
  Input,
  Quality,
  type AudioSource,
  type InputAudioTrack,
  type OutputFormat,
} from 'mediabunny';
import { VIDEO_MESSAGES } from './videoMessages';

export type AudioOutcome = 'copied' | 're-encoded' | 'none' | 'dropped';

/** An audio track ready to be added to an output; `feed` writes its packets once the output started. */
export interface ClipAudio {
  outcome: AudioOutcome;
  /** Said to the user when the sound was dropped. */
  notice?: string;
  source?: AudioSource;
  feed(): Promise<void>;
  dispose(): void;
}

/** Part of a packet before the range's start is sound the user cut away: it begins the new clip only if it mostly lies inside. */
const straddles = (timestamp: number, duration: number, start: number) => timestamp + duration / 2 >= start;

function copyPackets(track: InputAudioTrack, source: EncodedAudioPacketSource, start: number, end: number) {
  return async () => {
    const sink = new EncodedPacketSink(track);
    const decoderConfig = (await track.getDecoderConfig()) ?? undefined;
    const first = (await sink.getPacket(start)) ?? (await sink.getFirstPacket());
    let meta: EncodedAudioChunkMetadata | undefined = decoderConfig && { decoderConfig };
    if (first) {
      for await (const packet of sink.packets(first)) {
        if (packet.timestamp >= end) break;
        if (!straddles(packet.timestamp, packet.duration, start)) continue;
        await source.add(packet.clone({ timestamp: Math.max(0, packet.timestamp - start) }), meta);
        meta = undefined;
      }
    }
    source.close();
  };
}

function reencode(track: InputAudioTrack, source: AudioSampleSource, start: number, end: number) {
  return async () => {
    for await (const sample of new AudioSampleSink(track).samples(start, end)) {
      // Decoded sound is cut to the sample, so the new clip's sound lasts exactly as long as its frames.
      const first = Math.max(0, Math.round((start - sample.timestamp) * sample.sampleRate));
      const last = Math.min(sample.numberOfFrames, Math.round((end - sample.timestamp) * sample.sampleRate));
      if (last > first) {
        const kept = sample.trim(first, last);
        kept.setTimestamp(Math.max(0, kept.timestamp - start));
        await source.add(kept);
        kept.close();
      }
      sample.close();
    }
    source.close();
  };
}

export async function clipAudio(file: Blob | undefined, format: OutputFormat, start: number, end: number): Promise<ClipAudio> {
  const nothing = { feed: async () => {}, dispose: () => {} };
  if (!file) return { outcome: 'none', ...nothing };
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  const dispose = () => input.dispose();
  const track = await input.getPrimaryAudioTrack().catch(() => null);
  const codec = track && (await track.getCodec());
  if (!track) {
    dispose();
    return { outcome: 'none', ...nothing };
  }
  if (codec && format.getSupportedAudioCodecs().includes(codec)) {
    const source = new EncodedAudioPacketSource(codec);
    return { outcome: 'copied', source, feed: copyPackets(track, source, start, end), dispose };
  }
  const [numberOfChannels, sampleRate] = await Promise.all([track.getNumberOfChannels(), track.getSampleRate()]);
  const quality = new Quality('high');
  const target = (await track.canDecode()) ? await getFirstEncodableAudioCodec(format.getSupportedAudioCodecs(), { numberOfChannels, sampleRate, quality }) : null;
  if (!target) {
    dispose();
    return { outcome: 'dropped', notice: VIDEO_MESSAGES.audioDropped(codec), ...nothing };
  }
  const source = new AudioSampleSource({ codec: target, quality });
  return { outcome: 're-encoded', source, feed: reencode(track, source, start, end), dispose };
}
