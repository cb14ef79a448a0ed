import { startDoodle, stopDoodle, useRegionStore } from '../state/regionStore';

/** Beside the photo: paint a doodle on an empty canvas instead (neural doodles), or go back to a photo. */
export function DoodleStart() {
  const doodle = useRegionStore((state) => state.regions.doodle);
  return (
    <div className="doodle-start">
      {doodle ? (
        <>
          <span>
            Doodle {doodle.width}×{doodle.height} in place of a photo: paint it under “Regions”.
          </span>
          <button type="button" className="button-quiet" onClick={stopDoodle}>
            Stop doodling
          </button>
        </>
      ) : (
        <button type="button" className="button-quiet" onClick={() => startDoodle()}>
          Doodle instead of a photo
        </button>
      )}
    </div>
  );
}
