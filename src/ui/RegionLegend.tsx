import type { RegionLegend as Legend } from '../state/regionMeanings';
import { paintingName } from '../state/regionMeanings';
import { colourCss, colourWord } from '../state/regionColours';
import { setAssignment } from '../state/regionStore';

/** Each colour of the map over the picture and what it means; without paintings' maps, a choice of painting per colour. */
export function RegionLegend({ legend, names }: { legend: Legend; names: readonly string[] }) {
  const painted = legend.colours.filter((c) => c.share > 0);
  if (painted.length === 0) return <p className="field-help">Nothing painted yet: the legend lists each colour once it is on the map.</p>;
  return (
    <div className="region-legend">
      <h4 className="region-legend-title">What each colour means</h4>
      <ul aria-label="Legend">
        {painted.map(({ colour, share, text, assignment, unmatched }) => {
          const word = colourWord(colour);
          return (
            <li key={colour.join(',')} className="region-legend-row" data-unmatched={unmatched || undefined}>
              <span className="region-legend-swatch" style={{ background: colourCss(colour) }} aria-hidden="true" />
              <span className="region-legend-colour">
                {word} · {Math.round(share * 100)}%
              </span>
              {legend.mode === 'assign' ? (
                <select
                  aria-label={`Meaning of ${word}`}
                  value={String(assignment)}
                  onChange={(event) => setAssignment(colour, event.currentTarget.value === 'photo' ? 'photo' : Number(event.currentTarget.value))}
                >
                  {names.map((_, k) => (
                    <option key={k} value={k}>
                      {paintingName(names, k)}
                    </option>
                  ))}
                  <option value="photo">the photo stays</option>
                </select>
              ) : (
                <span className="region-legend-meaning">{text}</span>
              )}
            </li>
          );
        })}
        {legend.unpainted && (
          <li className="region-legend-row">
            <span className="region-legend-swatch region-legend-unpainted" aria-hidden="true" />
            <span className="region-legend-colour">unpainted</span>
            <span className="region-legend-meaning">{legend.unpainted}</span>
          </li>
        )}
      </ul>
      {legend.unused.length > 0 && <p className="field-help">Not on the map, so not used: {legend.unused.join('; ')}.</p>}
    </div>
  );
}
