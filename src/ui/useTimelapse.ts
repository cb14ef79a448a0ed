// Keeps the frames of the current run for its timelapse, and saves them as a video.
import { useEffect, useRef, useState } from 'react';
import { announce, useAppStore } from '../state/store';
import { downloadBlob } from './downloadBlob';
import { encodeTimelapse } from './encodeTimelapse';
import { TimelapseFrames } from './timelapseFrames';

export interface Timelapse {
  frameCount: number;
  /** True while the video is being made (WebM takes as long as it plays). */
  preparing: boolean;
  save(): Promise<void>;
}

export function useTimelapse(): Timelapse {
  const frames = useRef(new TimelapseFrames());
  const [frameCount, setFrameCount] = useState(0);
  const [preparing, setPreparing] = useState(false);

  useEffect(
    () =>
      useAppStore.subscribe((state, previous) => {
        if (state.run?.id !== previous.run?.id) {
          frames.current = new TimelapseFrames();
          setFrameCount(0);
        }
        // Only the current run's frames, and its final image, reach `result`.
        if (state.run && state.result && state.result !== previous.result) {
          frames.current.add(state.result.image);
          setFrameCount(frames.current.count);
        }
      }),
    [],
  );

  const save = async () => {
    const downloadName = useAppStore.getState().run?.downloadName;
    const shown = frames.current.frames();
    if (!downloadName || shown.length < 2) return;
    setPreparing(true);
    try {
      const { blob, extension } = await encodeTimelapse(shown);
      downloadBlob(blob, downloadName.replace(/\.png$/, `-timelapse.${extension}`));
      announce('success', `Timelapse saved: ${shown.length} frames.`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      announce('error', `The timelapse could not be made in this browser (${reason}). The PNG download still works.`);
    } finally {
      setPreparing(false);
    }
  };

  return { frameCount, preparing, save };
}
