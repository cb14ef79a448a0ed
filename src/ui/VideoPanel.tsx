// The clip's render, in place of the picture's run controls: frame rate, size and trim, how long it
// will take, Render / Pause / Stop, the frames coming in, and the video to download.
import { useEffect, useId } from 'react';
import { setWeight } from '../state/actions';
import { useMaskStore } from '../state/maskStore';
import { useRegionStore } from '../state/regionStore';
import { useAppStore } from '../state/store';
import { currentRenderId, LONG_TERM_FRAME_COST, makeVideo, renderVideo, refreshStoredFrames, setVideoOptions, stopVideo, toggleVideoPause, videoEstimate } from '../state/videoRender';
import { isVideoRenderActive, useVideoStore, VIDEO_FRAME_RATES, VIDEO_SIZES } from '../state/videoStore';
import { frameCount } from '../video/frameTiming';
import { downloadBlob } from './downloadBlob';
import { formatDuration } from './format';
import { LogSlider } from './LogSlider';
import { DEFAULT_WEIGHTS } from '../engine/settings';

function NumberSelect({ label, value, choices, unit, onChoose, disabled }: { label: string; value: number; choices: readonly number[]; unit: string; onChoose: (value: number) => void; disabled: boolean }) {
  const id = useId();
  const options = choices.includes(value) ? choices : [value, ...choices];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(event) => onChoose(Number(event.currentTarget.value))}>
        {[...options].sort((a, b) => a - b).map((choice) => (
          <option key={choice} value={choice}>
            {choice} {unit}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Ruder et al.'s long-term temporal term, on or off: it changes the frames, so a render takes it from its start. */
function LongTermField({ checked, disabled }: { checked: boolean; disabled: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label className="video-long-term">
        <input type="checkbox" checked={checked} disabled={disabled} aria-describedby={`${id}-help`} onChange={(event) => setVideoOptions({ longTerm: event.currentTarget.checked })} />
        Long-term steadiness (slower)
      </label>
      <p id={`${id}-help`} className="field-help">
        Each frame also keeps to the frames two and four before it, so what a passing thing hid comes back as it was. Each frame after the first takes about {LONG_TERM_FRAME_COST} times as long.
      </p>
    </div>
  );
}

function SecondsInput({ label, value, max, onChange, disabled }: { label: string; value: number; max: number; onChange: (value: number) => void; disabled: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={0}
        max={max}
        step={0.1}
        value={Number(value.toFixed(2))}
        disabled={disabled}
        onChange={(event) => {
          const seconds = event.currentTarget.valueAsNumber;
          if (Number.isFinite(seconds)) onChange(seconds);
        }}
      />
    </div>
  );
}

export function VideoPanel() {
  const { clip, options, render, storedFrames, encoding } = useVideoStore();
  const settings = useAppStore((state) => state.settings);
  // The paintings name the render, and with the speed measured on this device they make the estimate.
  useAppStore((state) => state.inputs.style);
  useAppStore((state) => state.extraStyles);
  useAppStore((state) => state.styleWeight);
  useAppStore((state) => state.secondsPerMegapixel);
  // Both are drawn over a photo, at its size: a clip's frames are painted all over.
  const hasMask = useMaskStore((state) => state.mask !== undefined);
  const hasRegions = useRegionStore((state) => state.regions.target !== undefined);
  const engineFailed = useAppStore((state) => state.engine.phase === 'failed');
  // Another clip, other settings or paintings make another render: its kept frames (if any) are counted
  // again, and once a render ends (the paintings may have changed during it). A slider's move (the loss
  // weights) is the same render, and asks the device nothing.
  const renderKey = clip && currentRenderId();
  const active = isVideoRenderActive(render);
  useEffect(() => void refreshStoredFrames(), [renderKey, active]);
  if (!clip) return null;

  const paused = render?.phase === 'paused' || render?.phase === 'pausing';
  const frames = options.end > options.start ? frameCount({ ...options }) : 0;
  const estimate = videoEstimate();
  // The frames kept already are not painted again.
  const howLong = !estimate
    ? frames > 0 && !engineFailed
      ? ' (measuring this device’s speed for an estimate…)'
      : ''
    : estimate.toPaint === 0
      ? ''
      : `, about ${formatDuration(estimate.seconds)} on this device${estimate.toPaint < frames ? ` for the ${estimate.toPaint} still to paint` : ''}`;
  const left = render && active && render.secondsPerFrame !== undefined ? (render.frames - render.done) * render.secondsPerFrame : undefined;
  const resumeFrom = Math.min(storedFrames, frames);
  // A render begun may always continue: only a new one is too long.
  const tooLong = estimate?.tooLong;
  const renderLabel = active ? 'Rendering…' : resumeFrom >= frames && frames > 0 ? 'Rendered' : resumeFrom > 0 ? `Continue from frame ${resumeFrom + 1}` : 'Render video';

  const download = async () => {
    const video = await makeVideo();
    if (video) downloadBlob(video.blob, video.fileName);
  };

  return (
    <section className="video-panel" aria-label="Video">
      <div className="video-options">
        <NumberSelect label="Frame rate" value={options.fps} choices={VIDEO_FRAME_RATES} unit="fps" disabled={active} onChoose={(fps) => setVideoOptions({ fps })} />
        <NumberSelect label="Frame size" value={options.longSide} choices={VIDEO_SIZES} unit="px" disabled={active} onChoose={(longSide) => setVideoOptions({ longSide })} />
        <SecondsInput label="From (s)" value={options.start} max={clip.probe.durationS} disabled={active} onChange={(start) => setVideoOptions({ start })} />
        <SecondsInput label="To (s)" value={options.end} max={clip.probe.durationS} disabled={active} onChange={(end) => setVideoOptions({ end })} />
      </div>
      <LogSlider
        label="Steadiness"
        help="How closely each frame keeps to the one before, where the motion between them is known: higher flickers less, lower lets each frame follow the style on its own. It steers the frames still to come."
        value={settings.weights.temporal ?? DEFAULT_WEIGHTS.temporal!}
        base={10}
        minExponent={0}
        maxExponent={4}
        onValue={(temporal) => setWeight('temporal', temporal)}
      />
      <LongTermField checked={options.longTerm} disabled={active} />
      {(hasMask || hasRegions) && <p className="field-help">Masks and regions apply to pictures, not clips: every frame of the clip is painted all over.</p>}
      <p className={`video-estimate ${tooLong ? 'field-message is-error' : 'field-help'}`} role={tooLong ? 'alert' : undefined}>
        {tooLong ??
          `${frames} frames of ${(options.end - options.start).toFixed(1)} s${howLong}.${
            resumeFrom > 0 && !active ? ` ${resumeFrom} of them ${resumeFrom === 1 ? 'is' : 'are'} already painted and kept.` : ''
          }`}
      </p>
      <div className="run-controls" role="group" aria-label="Video render">
        <button type="button" className="button-primary" onClick={() => void renderVideo()} disabled={active || frames === 0 || Boolean(tooLong) || resumeFrom >= frames}>
          {renderLabel}
        </button>
        <button type="button" onClick={toggleVideoPause} disabled={!active || render?.phase === 'stopping'}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={stopVideo} disabled={!active || render?.phase === 'stopping'}>
          Stop
        </button>
        <button type="button" className="button-download" onClick={() => void download()} disabled={storedFrames === 0 || encoding || active}>
          {encoding ? 'Making the video…' : 'Download video'}
        </button>
      </div>
      {render && (
        <p className="video-progress" aria-live="polite">
          {render.current !== undefined
            ? `Frame ${render.current + 1} of ${render.frames}${left !== undefined ? ` · about ${formatDuration(left)} left` : ''}`
            : `${render.done} of ${render.frames} frames painted`}
          {render.secondsPerFrame !== undefined && ` · ${render.secondsPerFrame.toFixed(1)} s a frame`}
        </p>
      )}
      {render && render.filmstrip.length > 0 && (
        <ol className="filmstrip" aria-label="Finished frames">
          {render.filmstrip.map(({ index, url }) => (
            <li key={index}>
              <img src={url} alt={`Frame ${index + 1}`} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
