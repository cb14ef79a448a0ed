// The service worker's news (vite.config.ts, "offline"): the app can work offline, or a new build
// is waiting. The new build takes over only when the user says so, never in the middle of a run.
import { registerSW } from 'virtual:pwa-register';
import { create } from 'zustand';
import { announce } from './store';

interface AppUpdate {
  /** A new build is downloaded and waits for a reload. */
  waiting: boolean;
  /** Activates the waiting build and reloads the page with it. */
  apply: () => void;
}

export const useAppUpdate = create<AppUpdate>(() => ({ waiting: false, apply: () => {} }));

export function watchForUpdates(): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    onOfflineReady: () => announce('info', 'The app and its model are saved in this browser: it now works offline too.'),
    onNeedRefresh: () => useAppUpdate.setState({ waiting: true, apply: () => void update(true) }),
  });
}
