import { useId, useRef, type KeyboardEvent } from 'react';
import { loadInput, SLOT_LABELS } from '../state/actions';
import { useAppStore, type Slot } from '../state/store';
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
  const error = useAppStore((state) => state.inputErrors[slot]);
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
  const load = ([file]: SomeFiles) => void loadInput(slot, file, file.name);
  const { dragging, handlers: dropHandlers } = useFileDrop(load);

  const classes = ['dropzone', dragging && 'is-dragging', input && 'has-image', error && 'has-error'].filter(Boolean);
  return (
    <div className="dropzone-field">
      <div
        className={classes.join(' ')}
        data-slot={slot}
        role="button"
        tabIndex={0}
        aria-label={`${label}: ${input ? `${input.fileName} loaded. Choose another` : 'choose'}, drop or paste an image`}
        aria-describedby={error || input?.notice ? messageId : undefined}
        onClick={choose}
        onKeyDown={onKeyDown}
        {...dropHandlers}
      >
        {input ? (
          <img className="dropzone-thumb" src={input.previewUrl} alt="" />
        ) : (
          <div className="dropzone-empty">
            <PictureIcon />
            <span>Drop, paste or click</span>
          </div>
        )}
        <div className="dropzone-caption">
          <strong>{label}</strong>
          {input ? (
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
      <HiddenFileInput ref={fileInput} label={`${label} file`} data-testid={`${slot}-file`} onFiles={load} />
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
