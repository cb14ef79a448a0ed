import { useId, useMemo, useRef, useState } from 'react';
import { clearMask, loadMaskFile, setPaintedMask, useMaskStore, type MaskImage } from '../state/maskStore';
import { useAppStore } from '../state/store';
import { MASK_TINT, maskCoverage, maskFromAlpha, maskToTint } from './maskPixels';
import { RegionPainter } from './RegionPainter';
import { MaskThumbnail } from './MaskThumbnail';
import { HiddenFileInput } from './HiddenFileInput';
import { useFileDrop, type SomeFiles } from './useFileDrop';
import type { RgbaImage } from '../worker/protocol';

/** The mask in use: its picture, its size, how much of the photo it styles, and a way to drop it. */
function MaskSummary({ mask }: { mask: MaskImage }) {
  const styledPercent = useMemo(() => Math.round(maskCoverage(mask.image) * 100), [mask]);
  return (
    <div className="mask-summary">
      <MaskThumbnail mask={mask.image} />
      <div className="mask-summary-text">
        <span className="mask-facts">
          Mask {mask.image.width}×{mask.image.height} · {styledPercent}% styled
        </span>
        <span className="mask-origin">{mask.source === 'uploaded' ? mask.fileName : 'Painted'}</span>
        <button type="button" className="button-quiet" onClick={clearMask}>
          Remove mask
        </button>
      </div>
    </div>
  );
}

const MASK_PALETTE = [{ colour: [MASK_TINT.red, MASK_TINT.green, MASK_TINT.blue] as const, meaning: 'style' }];

/** The painter's canvas as the mask: its opacity is the grey level. */
function commitMask({ width, height, data }: RgbaImage): RgbaImage | undefined {
  setPaintedMask(maskFromAlpha(data, width, height));
  return useMaskStore.getState().mask?.image;
}

/** Limits the style to part of the photo: a black-and-white mask, uploaded or painted over the photo. */
export function MaskEditor() {
  const photo = useAppStore((state) => state.inputs.content);
  const mask = useMaskStore((state) => state.mask);
  const uploadError = useMaskStore((state) => state.uploadError);
  const [painting, setPainting] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const painterId = useId();
  const helpId = useId();
  const load = ([file]: SomeFiles) => void loadMaskFile(file, file.name);
  const { dragging, handlers: dropHandlers } = useFileDrop(load);

  return (
    <details className="mask-section">
      <summary>
        Style only in part of the photo (mask)
        {mask && <span className="mask-badge">On</span>}
      </summary>
      <div
        className={dragging ? 'mask-body is-dragging' : 'mask-body'}
        {...dropHandlers}
      >
        <p id={helpId} className="field-help">
          {photo
            ? 'White areas take the painting’s style, black ones keep the photo. Upload a black-and-white picture (or drop it here), or paint over the photo.'
            : 'Load a photo first: the mask is drawn over it.'}
        </p>
        <div className="mask-actions">
          <button type="button" disabled={!photo} aria-describedby={helpId} onClick={() => fileInput.current?.click()}>
            Upload mask
          </button>
          <button
            type="button"
            disabled={!photo}
            aria-expanded={painting && Boolean(photo)}
            aria-controls={painterId}
            onClick={() => setPainting(!painting)}
          >
            Paint mask
          </button>
        </div>
        <HiddenFileInput ref={fileInput} label="Mask file" onFiles={load} />
        {uploadError && (
          <p className="field-message is-error" role="alert">
            {uploadError}
          </p>
        )}
        <div id={painterId}>
          {/* A new photo gets a fresh canvas of its own size. */}
          {painting && photo && (
            <RegionPainter
              key={photo.previewUrl}
              picture={{ url: photo.previewUrl, image: photo.image }}
              size={photo.image}
              layer={mask?.image}
              show={maskToTint}
              palette={MASK_PALETTE}
              brushLabel="Paint style"
              label="Mask painting area: drag over the photo to paint where the style applies (tinted red)"
              onCommit={commitMask}
              onDone={() => setPainting(false)}
            />
          )}
        </div>
        {mask && <MaskSummary mask={mask} />}
      </div>
    </details>
  );
}
