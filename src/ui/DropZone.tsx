import { useId, useRef, type KeyboardEvent } from 'react';
import { loadInput, SLOT_LABELS } from '../state/actions';
import { useAppStore, type Slot } from '../state/store';
import { isVideoFile, loadVideo, removeVideo } from '../state/videoRender';
import { useVideoStore } from '../state/videoStore';
import { HiddenFileInput } from './HiddenFileInput';
import { useFileDrop, type SomeFiles } from './useFileDrop';

const HINTS: Record<Slot, string> = {
  content: 'The picture to repaint',
  style: 'The style to paint it in',
};

function PictureIcon() {
  return (
    <svg className="dropzone-icon" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="3" y="4" width="18" height="16" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <circle cx="9" cy="9.5" r="1.8" fill="currentColor" />
      <path d="M4 18l5-5 3.5 3.5L16 13l4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}

/** A box for one input picture: click (or Enter) to choose a file, drop one on it, or paste while it has focus. */
export function DropZone({ slot }: { slot: Slot }) {
  const input = useAppStore((state) => state.inputs[slot]);
  const pictureError = useAppStore((state) => state.inputErrors[slot]);
  // The photo box also takes a clip, which then stands in for the photo.
  const clip = useVideoStore((state) => (slot === 'content' ? state.clip : undefined));
  const videoError = useVideoStore((state) => (slot === 'content' ? state.error : undefined));
  const error = pictureError ?? videoError;
  const fileInput = useRef<HTMLInputElement>(null);
  const messageId = useId();
  const label = SLOT_LABELS[slot];

  const choose = () => fileInput.current?.click();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose();
    }
  };
  const load = ([file]: SomeFiles) => {
    if (slot === 'content' && isVideoFile(file, file.name)) return void loadVideo(file, file.name, file.lastModified);
    void loadInput(slot, file, file.name).then(() => {
      if (slot === 'content' && useAppStore.getState().inputs.content?.file === file) removeVideo();
    });
  };
  const { dragging, handlers: dropHandlers } = useFileDrop(load);

  const classes = ['dropzone', dragging && 'is-dragging', (input || clip) && 'has-image', error && 'has-error'].filter(Boolean);
  const loaded = clip ? `the video ${clip.fileName}` : input?.fileName;
  return (
    <div className="dropzone-field">
      <div
        className={classes.join(' ')}
        data-slot={slot}
        role="button"
        tabIndex={0}
        aria-label={`${label}: ${loaded ? `${loaded} loaded. Choose another` : 'choose'}, drop or paste an image${slot === 'content' ? ' or a video' : ''}`}
        aria-describedby={error || input?.notice ? messageId : undefined}
        onClick={choose}
        onKeyDown={onKeyDown}
        {...dropHandlers}
      >
        {clip ? (
          <video className="dropzone-thumb" src={clip.previewUrl} muted playsInline preload="metadata" />
        ) : input ? (
          <img className="dropzone-thumb" src={input.previewUrl} alt="" />
        ) : (
          <div className="dropzone-empty">
            <PictureIcon />
            <span>Drop, paste or click</span>
          </div>
        )}
        <div className="dropzone-caption">
          <strong>{clip ? 'Video' : label}</strong>
          {clip ? (
            <>
              <span>{clip.fileName}</span>
              <span>
                {clip.probe.width}×{clip.probe.height} · {clip.probe.durationS.toFixed(1)} s
              </span>
            </>
          ) : input ? (
            <>
              <span>{input.fileName}</span>
              <span>
                {input.image.width}×{input.image.height}
              </span>
            </>
          ) : (
            <span>{HINTS[slot]}</span>
          )}
        </div>
      </div>
      <HiddenFileInput ref={fileInput} label={`${label} file`} data-testid={`${slot}-file`} videos={slot === 'content'} onFiles={load} />
      {error ? (
        <p id={messageId} className="field-message is-error" role="alert">
          {error}
        </p>
      ) : (
        input?.notice && (
          <p id={messageId} className="field-message">
            {input.notice}
          </p>
        )
      )}
    </div>
  );
}
