// "Save timelapse": every frame of the current run, played back as a short video.
import { useTimelapse } from './useTimelapse';

export function TimelapseButton() {
  const { frameCount, preparing, save } = useTimelapse();
  return (
    <button
      type="button"
      className="button-quiet"
      onClick={() => void save()}
      disabled={frameCount < 2 || preparing}
      aria-busy={preparing}
      title={frameCount > 0 ? `${frameCount} frames of this run` : undefined}
    >
      {preparing ? 'Preparing timelapse…' : 'Save timelapse'}
    </button>
  );
}
