import { useEffect, useRef, useState } from 'react';
import { startRun, stopRun, togglePause } from '../state/actions';
import { useRegionStore } from '../state/regionStore';
import { isRunActive, useAppStore, type RunPhase, type RunState } from '../state/store';
import { useVideoStore } from '../state/videoStore';
import { VideoPanel } from './VideoPanel';
import type { RgbaImage } from '../worker/protocol';
import { CompareSlider } from './CompareSlider';
import { formatDuration, formatLoss, formatRate, formatWeight } from './format';
import { downloadResult, toImageData } from './savePng';
import { TimelapseButton } from './TimelapseButton';
import { useRunPhoto } from './useRunPhoto';

const PHASE_LABELS: Record<RunPhase, string> = {
  running: 'Running',
  pausing: 'Pausing…',
  paused: 'Paused',
  stopping: 'Stopping…',
  done: 'Done',
  stopped: 'Stopped early',
  failed: 'Failed',
};

function paint(canvas: HTMLCanvasElement | null, image: RgbaImage | undefined): void {
  if (!canvas || !image) return;
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')?.putImageData(toImageData(image), 0, 0);
}

function RunProgressView({ run }: { run: RunState | undefined }) {
  const progress = run?.progress;
  const active = isRunActive(run);
  return (
    <div className="progress" data-phase={run?.phase ?? 'idle'}>
      <progress
        max={progress?.totalIterations ?? 1}
        value={progress?.totalIteration ?? 0}
        aria-label="Progress of the style transfer"
      />
      <div className="progress-facts">
        <span className="progress-phase">{run ? PHASE_LABELS[run.phase] : 'Not started'}</span>
        {progress && (
          <>
            <span>
              Scale {progress.scaleIndex + 1}/{progress.scaleCount} · {progress.width}×{progress.height}
              {progress.tileCount > 1 && ` · tile ${progress.tileIndex + 1}/${progress.tileCount}`}
            </span>
            <span className="progress-iteration">
              Iteration {progress.iteration}/{progress.iterationsPerScale}
            </span>
            {active && (
              <span>
                {formatRate(progress.iterationsPerSecond)} · {formatDuration(progress.secondsLeft)} left
              </span>
            )}
          </>
        )}
      </div>
      {progress && (
        <p className="progress-detail">
          <span className="progress-weights">
            Weights in use: content {formatWeight(progress.weights.content)} · style {formatWeight(progress.weights.style)}
          </span>
          <span>
            Loss: content {formatLoss(progress.losses.content)} · style {formatLoss(progress.losses.style)}
          </span>
        </p>
      )}
    </div>
  );
}

function startHint(hasInputs: boolean, engineReady: boolean): string | undefined {
  if (!hasInputs) return 'Add a photo (or a doodle) and a painting, or try an example, to start.';
  if (!engineReady) return 'The style engine is still starting…';
  return undefined;
}

export function ResultPanel() {
  const result = useAppStore((state) => state.result);
  const run = useAppStore((state) => state.run);
  const engineReady = useAppStore((state) => state.engine.phase === 'ready');
  const doodle = useRegionStore((state) => state.regions.doodle);
  const hasInputs = useAppStore((state) => Boolean((state.inputs.content || doodle) && state.inputs.style));
  const contentAspect = useAppStore((state) => {
    const content = state.inputs.content?.image ?? doodle;
    return content ? content.width / content.height : undefined;
  });
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    const repaint = () => paint(element, result?.image);
    repaint();
    // A crash of the browser's GPU process wipes an accelerated canvas, which comes back blank.
    element?.addEventListener('contextrestored', repaint);
    return () => element?.removeEventListener('contextrestored', repaint);
  }, [result]);
  const runPhoto = useRunPhoto();
  const [comparing, setComparing] = useState(false);
  const canCompare = Boolean(result && runPhoto);

  // A clip on the photo box has its own controls (VideoPanel).
  const hasClip = useVideoStore((state) => state.clip !== undefined);
  const active = isRunActive(run);
  const paused = run?.phase === 'paused' || run?.phase === 'pausing';
  const steerable = active && run.phase !== 'stopping';
  const hint = startHint(hasInputs, engineReady);
  const aspect = result ? result.output.width / result.output.height : (contentAspect ?? 3 / 2);

  return (
    <>
      <div className="stage" style={{ aspectRatio: aspect }}>
        <canvas
          ref={canvas}
          className="stage-canvas"
          hidden={!result}
          role="img"
          aria-label={result ? `Result${result.final ? '' : ' so far'}, ${result.output.width}×${result.output.height}` : undefined}
        />
        {!result && (
          <p className="stage-empty">
            Your painting appears here, and takes shape while it runs.
          </p>
        )}
        {comparing && result && runPhoto && <CompareSlider photo={runPhoto} frameSize={result.image} />}
      </div>
      <div className="result-tools" role="group" aria-label="Result tools">
        <button
          type="button"
          className="button-quiet"
          aria-pressed={comparing && canCompare}
          onClick={() => setComparing(!comparing)}
          disabled={!canCompare}
        >
          Compare
        </button>
        <TimelapseButton />
      </div>
      <RunProgressView run={run} />
      <VideoPanel />
      <div className="run-controls" role="group" aria-label="Run" hidden={hasClip}>
        <button type="button" className="button-primary" onClick={startRun} disabled={Boolean(hint)}>
          {active ? 'Restart' : 'Start'}
        </button>
        <button type="button" onClick={togglePause} disabled={!steerable}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={stopRun} disabled={!steerable}>
          Stop
        </button>
        <button
          type="button"
          className="button-download"
          onClick={() => result && void downloadResult(result)}
          disabled={!result}
        >
          Download PNG
        </button>
      </div>
      {hint && !hasClip && <p className="field-help">{hint}</p>}
    </>
  );
}
