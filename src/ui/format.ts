// Numbers as the page shows them.

/** Two significant digits, without exponent notation: 0.032, 3.2, 320. */
export function formatWeight(value: number): string {
  return String(Number(value.toPrecision(2)));
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatRate(iterationsPerSecond: number): string {
  if (!Number.isFinite(iterationsPerSecond) || iterationsPerSecond <= 0) return '…';
  return iterationsPerSecond >= 1
    ? `${iterationsPerSecond.toFixed(1)} it/s`
    : `${(1 / iterationsPerSecond).toFixed(1)} s/it`;
}

export function formatLoss(value: number): string {
  return value.toPrecision(3);
}
