import { estimateSeconds } from '../engine/run/plan';
import { LONG_RUN_SECONDS } from '../state/options';
import { useRegionStore } from '../state/regionStore';
import { useAppStore } from '../state/store';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** A duration in round words: "40 s", "12 min", "1 h 20 min". */
function roughDuration(seconds: number): string {
  if (seconds < MINUTE) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < HOUR) return `${Math.round(seconds / MINUTE)} min`;
  const hours = Math.floor(seconds / HOUR);
  const minutes = Math.round((seconds % HOUR) / MINUTE);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** How long the next run will take on this device, from its measured speed, or what the estimate waits for. */
export function TimeEstimate() {
  const doodle = useRegionStore((state) => state.regions.doodle);
  const photo = useAppStore((state) => state.inputs.content?.image) ?? doodle;
  const settings = useAppStore((state) => state.settings);
  const secondsPerMegapixel = useAppStore((state) => state.secondsPerMegapixel);
  const painting = useAppStore((state) => state.inputs.style?.image);
  const extraStyles = useAppStore((state) => state.extraStyles);
  const engineFailed = useAppStore((state) => state.engine.phase === 'failed');
  let text: string;
  let long = false;
  if (!photo) {
    text = 'Add a photo (or start a doodle) to see how long a run will take.';
  } else if (secondsPerMegapixel === undefined) {
    text = engineFailed ? 'No time estimate: the engine did not start.' : 'Measuring the speed of this device for a time estimate…';
  } else {
    const styles = [painting, ...extraStyles.map((s) => s.input.image)].flatMap((image) => (image ? [{ width: image.width, height: image.height }] : []));
    const seconds = estimateSeconds({ width: photo.width, height: photo.height }, settings, secondsPerMegapixel, styles);
    long = seconds > LONG_RUN_SECONDS;
    text = `About ${roughDuration(seconds)} on this device.`;
    if (long) text += ' That is a long wait: a smaller output size or the Fast quality finishes much sooner.';
  }
  return (
    <p className="time-estimate" data-long={long || undefined}>
      {text}
    </p>
  );
}
