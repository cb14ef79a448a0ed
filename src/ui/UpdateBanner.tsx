import { isRunActive, useAppStore } from '../state/store';
import { useAppUpdate } from '../state/appUpdate';

/** Offers a new build of the app once it is downloaded; during a run it waits for the run to end. */
export function UpdateBanner() {
  const { waiting, apply } = useAppUpdate();
  const running = useAppStore((state) => isRunActive(state.run));
  if (!waiting) return null;
  return (
    <div className="update-banner" role="region" aria-label="New version">
      <span>A new version of the app is ready.</span>
      <button type="button" onClick={apply} disabled={running} title={running ? 'After the run' : undefined}>
        Reload to update
      </button>
    </div>
  );
}
