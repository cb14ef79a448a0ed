import { useId, useMemo, useRef, useState } from 'react';
import { colourKey, colourWord, paletteFor, snapToPalette } from '../state/regionColours';
import { regionLegend } from '../state/regionMeanings';
import { loadMapFile, mapOf, removeMap, setOpen, setPaintedMap, useRegionStore, type MapSlot } from '../state/regionStore';
import { useAppStore, type InputImage } from '../state/store';
import type { RgbaImage } from '../worker/protocol';
import { HiddenFileInput } from './HiddenFileInput';
import { RegionLegend } from './RegionLegend';
import { RegionPainter } from './RegionPainter';
import { toImageData } from './savePng';
import { useFileDrop, type SomeFiles } from './useFileDrop';

const slotValue = (slot: MapSlot) => String(slot);
const slotFrom = (value: string): MapSlot => (value === 'target' ? 'target' : Number(value));

/**
 * Regions (neural doodles, INetwork's style masks): colours painted over the photo or a doodle say
 * where each painting, or each region of a painting, goes. A map is painted here or loaded from a file.
 */
export function RegionEditor() {
  const photo = useAppStore((state) => state.inputs.content);
  const main = useAppStore((state) => state.inputs.style);
  const extraStyles = useAppStore((state) => state.extraStyles);
  const regions = useRegionStore((state) => state.regions);
  const open = useRegionStore((state) => state.open);
  const error = useRegionStore((state) => state.error);
  const [chosenSlot, setSlot] = useState<MapSlot>('target');
  const [painting, setPainting] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const helpId = useId();
  const painterId = useId();

  const paintings: InputImage[] = useMemo(() => (main ? [main, ...extraStyles.map((extra) => extra.input)] : []), [main, extraStyles]);
  const names = paintings.map((p) => p.fileName);
  const slot: MapSlot = typeof chosenSlot === 'number' && chosenSlot >= paintings.length ? 'target' : chosenSlot;
  const map = mapOf(slot, regions);
  const grid = regions.doodle ?? photo?.image;
  // Recomputed only when a map changes: reading a map's colours visits every pixel.
  const palette = useMemo(() => paletteFor([regions.target?.image, ...regions.paintings.map((p) => p.image)]), [regions.target, regions.paintings]);
  const legend = useMemo(
    () => regionLegend(regions, paintings.map((p) => ({ image: p.image, name: p.fileName })), palette),
    [regions, paintings, palette],
  );
  const swatches = useMemo(
    () => palette.map((colour) => ({ colour, meaning: legend.colours.find((c) => colourKey(c.colour) === colourKey(colour))?.text ?? colourWord(colour) })),
    [palette, legend],
  );

  const load = ([file]: SomeFiles) => void loadMapFile(slot, file, file.name);
  const { dragging, handlers: dropHandlers } = useFileDrop(load);

  const target = slot === 'target';
  const paintedOver = target ? photo : paintings[slot];
  const size = target ? grid : paintings[slot]?.image;
  const commit = (painted: RgbaImage) => {
    setPaintedMap(slot, snapToPalette(painted, palette));
    return mapOf(slot)?.image;
  };
  const slotLabel = (s: MapSlot) => (s === 'target' ? (regions.doodle ? 'The doodle' : 'The photo') : `Painting ${s + 1} (${names[s]})`);

  return (
    <details className="mask-section region-section" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        Regions: which painting goes where
        {regions.target && <span className="mask-badge">On</span>}
      </summary>
      <div className={dragging ? 'region-body is-dragging' : 'region-body'} {...dropHandlers}>
        <p id={helpId} className="field-help">
          Paint regions in colours over the photo (or a doodle). With one painting or several and no painting maps, choose which painting each colour
          takes. Paint a map over a painting too, in the same colours, and each region takes the style of the painting’s region of its colour (sky to
          sky, water to water). Maps can also be loaded from a file (or dropped here).
        </p>
        <fieldset className="region-slots">
          <legend>Map of</legend>
          {(['target', ...paintings.map((_, k) => k)] as MapSlot[]).map((option) => (
            <label key={slotValue(option)} className="mask-mode-option">
              <input
                type="radio"
                name={`${painterId}-slot`}
                value={slotValue(option)}
                checked={slot === option}
                onChange={(event) => setSlot(slotFrom(event.currentTarget.value))}
              />
              {slotLabel(option)}
              {mapOf(option, regions) && (
                <span className="mask-badge">
                  <span className="visually-hidden">, with a </span>map
                </span>
              )}
            </label>
          ))}
        </fieldset>
        <div className="mask-actions">
          <button type="button" disabled={!size} aria-expanded={painting && Boolean(size)} aria-controls={painterId} onClick={() => setPainting(!painting)}>
            Paint map
          </button>
          <button type="button" disabled={!size} aria-describedby={helpId} onClick={() => fileInput.current?.click()}>
            Load map file
          </button>
          {map && (
            <button type="button" className="button-quiet" onClick={() => removeMap(slot)}>
              Remove map
            </button>
          )}
        </div>
        {!size && <p className="field-help">{target ? 'Load a photo or start a doodle first: the map is drawn over it.' : 'Load the painting first.'}</p>}
        <HiddenFileInput ref={fileInput} label="Map file" onFiles={load} />
        {error && (
          <p className="field-message is-error" role="alert">
            {error}
          </p>
        )}
        <div id={painterId}>
          {painting && size && (
            <RegionPainter
              // A new picture or another map gets a fresh canvas of its own size.
              key={`${slotValue(slot)}:${paintedOver?.previewUrl ?? `doodle ${size.width}×${size.height}`}`}
              picture={paintedOver && { url: paintedOver.previewUrl, image: paintedOver.image }}
              size={size}
              layer={map?.image}
              show={toImageData}
              palette={swatches}
              brushLabel="Brush"
              label={`Region painting area: ${slotLabel(slot).toLowerCase()}`}
              onCommit={commit}
              onDone={() => setPainting(false)}
            />
          )}
        </div>
        {regions.target && <RegionLegend legend={legend} names={names} />}
      </div>
    </details>
  );
}
