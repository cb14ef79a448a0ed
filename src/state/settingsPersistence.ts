// Settings survive a reload and travel in links: the URL carries them and localStorage keeps them.
import { DEFAULT_SETTINGS, type StyleSettings } from '../engine/settings';
import { ignoredSettingParams, searchWithSettings, settingsFromSearch, settingsToSearch } from './settingsUrl';

/** Saved in the same form as the URL query, so that both are read and validated alike. */
const STORAGE_KEY = 'neural-style.settings';

/**
 * A slider drag changes the settings many times a second, and browsers ignore history updates
 * that come too fast: changes are written at most this often, the latest one last.
 */
const WRITE_INTERVAL_MS = 250;

function savedSearch(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    // Storage may be blocked (private mode, site data off): the URL still carries the settings.
    return '';
  }
}

/** The settings a page starts with: the URL's if it names any, else the saved ones, else the defaults. */
export function initialSettings(): StyleSettings {
  if (typeof location === 'undefined') return DEFAULT_SETTINGS;
  return settingsFromSearch(location.search) ?? settingsFromSearch(savedSearch()) ?? DEFAULT_SETTINGS;
}

/** A hostile value can be megabytes long: the notice quotes the start of each. */
const QUOTED_LENGTH = 40;

/**
 * What the page says of settings it could not take: those of the link, and those saved in this
 * browser when the link names none. Undefined when every one was taken.
 */
export function ignoredSettingsNotice(urlSearch: string, saved: string): string | undefined {
  const fromLink = ignoredSettingParams(urlSearch);
  const fromSaved = settingsFromSearch(urlSearch) ? [] : ignoredSettingParams(saved);
  const quote = (params: string[]) => params.map((p) => (p.length > QUOTED_LENGTH ? `${p.slice(0, QUOTED_LENGTH)}…` : p)).join(', ');
  const parts = [
    fromLink.length > 0 && `in the link (${quote(fromLink)})`,
    fromSaved.length > 0 && `saved in this browser (${quote(fromSaved)})`,
  ].filter(Boolean);
  return parts.length === 0 ? undefined : `Some settings ${parts.join(' and ')} were not valid and were left at their defaults.`;
}

/** The notice for this page's own link and storage, if it needs one. */
export function pageSettingsNotice(): string | undefined {
  return typeof location === 'undefined' ? undefined : ignoredSettingsNotice(location.search, savedSearch());
}

/** Puts the settings in the URL (keeping its other parameters, such as `backend`) and saves them. */
export function keepSettings(settings: StyleSettings): void {
  if (typeof location === 'undefined') return;
  const url = `${location.pathname}${searchWithSettings(location.search, settings)}${location.hash}`;
  history.replaceState(history.state, '', url);
  try {
    localStorage.setItem(STORAGE_KEY, settingsToSearch(settings));
  } catch {
    // Storage may be blocked or full: the URL still carries the settings.
  }
}

let waiting: StyleSettings | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

function writeWaiting(): void {
  clearTimeout(timer);
  timer = undefined;
  if (waiting) keepSettings(waiting);
  waiting = undefined;
}

/** keepSettings, at most every WRITE_INTERVAL_MS; what is still waiting is written when the page goes away. */
export function keepSettingsSoon(settings: StyleSettings): void {
  waiting = settings;
  timer ??= setTimeout(writeWaiting, WRITE_INTERVAL_MS);
}

if (typeof window !== 'undefined') window.addEventListener('pagehide', writeWaiting);
