import { useId, useRef } from 'react';
import { useAppStore, type InputImage } from '../state/store';
import {
  addExtraStyle,
  blendShares,
  checkCanAddExtraStyle,
  MAX_PAINTINGS,
  removeExtraStyle,
  setStyleBlendWeight,
  useStyleBlendStore,
} from '../state/styleBlend';
import { HiddenFileInput } from './HiddenFileInput';
import { useFileDrop } from './useFileDrop';

/** Adds the files one after another, so that the limit and each error are told in order. */
async function addFiles(files: readonly File[]): Promise<void> {
  for (const file of files) await addExtraStyle(file, file.name);
}

interface PaintingShareProps {
  /** 0 is the main painting, 1.. the extra ones. */
  index: number;
  painting: InputImage;
  weight: number;
  share: number;
}

/** One painting of the blend: thumbnail, name, its weight slider with its share of the whole, and Remove for extras. */
function PaintingShare({ index, painting, weight, share }: PaintingShareProps) {
  const id = useId();
  const percent = `${Math.round(share * 100)}%`;
  return (
    <li className="blend-row" data-testid="blend-row">
      <img className="blend-thumb" src={painting.previewUrl} alt="" />
      <label className="blend-name" htmlFor={id} title={painting.fileName}>
        <span className="visually-hidden">Share of </span>
        {painting.fileName}
      </label>
      <output htmlFor={id} className="field-value blend-percent">
        {percent}
      </output>
      <input
        id={id}
        className="blend-slider"
        type="range"
        min={0}
        max={100}
        step={1}
        value={Math.round(weight * 100)}
        aria-valuetext={`${percent} of the blend`}
        onChange={(event) => setStyleBlendWeight(index, Number(event.currentTarget.value) / 100)}
      />
      {index > 0 && (
        <button
          type="button"
          className="button-quiet blend-remove"
          aria-label={`Remove ${painting.fileName}`}
          onClick={() => removeExtraStyle(index)}
        >
          Remove
        </button>
      )}
    </li>
  );
}

/** Mixes the main painting's style with up to three more, each with its share of the blend. */
export function StyleBlend() {
  const main = useAppStore((state) => state.inputs.style);
  const styleWeight = useAppStore((state) => state.styleWeight);
  const extraStyles = useAppStore((state) => state.extraStyles);
  const addError = useStyleBlendStore((state) => state.addError);
  const fileInput = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const helpId = useId();
  const add = (files: readonly File[]) => void addFiles(files);
  const { dragging, handlers: dropHandlers } = useFileDrop(add);

  const paintings = main ? [{ painting: main, weight: styleWeight }, ...extraStyles.map((extra) => ({ painting: extra.input, weight: extra.weight }))] : [];
  const shares = blendShares(paintings.map((p) => p.weight));

  return (
    <section
      className={dragging ? 'blend-section is-dragging' : 'blend-section'}
      aria-labelledby={headingId}
      {...dropHandlers}
    >
      <div className="blend-head">
        <h3 id={headingId}>Blend paintings</h3>
        <button
          type="button"
          className="button-quiet"
          aria-describedby={helpId}
          onClick={() => {
            if (checkCanAddExtraStyle()) fileInput.current?.click();
          }}
        >
          Add another painting
        </button>
      </div>
      <p id={helpId} className="field-help">
        Mix the styles of up to {MAX_PAINTINGS} paintings (choose or drop them here). Shares apply from the next Start.
      </p>
      <HiddenFileInput ref={fileInput} label="Another painting file" multiple data-testid="extra-style-file" onFiles={add} />
      {addError && (
        <p className="field-message is-error" role="alert">
          {addError}
        </p>
      )}
      {extraStyles.length > 0 && (
        <ul className="blend-rows" aria-label="Paintings in the blend">
          {paintings.map(({ painting, weight }, index) => (
            <PaintingShare key={painting.previewUrl} index={index} painting={painting} weight={weight} share={shares[index]} />
          ))}
        </ul>
      )}
    </section>
  );
}
