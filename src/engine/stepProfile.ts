/**
 * Where an iteration's time goes, by kind of work, so that the next speed-up is chosen from data.
 * The engine wraps each kind in `profiled`; nothing is recorded unless a profile is running (the
 * benchmark starts one), and then each part gets its own time without its nested parts (the
 * optimiser's time excludes the evaluations it asks for, an evaluation's excludes its convolutions).
 *
 * Wall times mean something only where kernels run as they are called: on wasm and cpu. A GPU
 * backend only queues work there, so its profile would time the queueing.
 */
export const STEP_PARTS = ['convForward', 'convBackward', 'gram', 'pooling', 'losses', 'optimiser', 'preconditioner'] as const;
export type StepPart = (typeof STEP_PARTS)[number];

interface Frame {
  start: number;
  /** Time spent in parts nested in this one. */
  nested: number;
}

let totals: Record<StepPart, number> | undefined;
const stack: Frame[] = [];

/** Runs `work`, timing it as `part` when a profile is running. */
export function profiled<T>(part: StepPart, work: () => T): T {
  if (!totals) return work();
  const frame: Frame = { start: performance.now(), nested: 0 };
  stack.push(frame);
  try {
    return work();
  } finally {
    stack.pop();
    const elapsed = performance.now() - frame.start;
    if (totals) totals[part] += elapsed - frame.nested;
    if (stack.length) stack[stack.length - 1].nested += elapsed;
  }
}

export interface StepProfile {
  /** Milliseconds each part took since the profile started, nested parts excluded. */
  read(): Record<StepPart, number>;
  stop(): void;
}

/** Starts timing the parts; one profile at a time. */
export function startStepProfile(): StepProfile {
  const own = Object.fromEntries(STEP_PARTS.map((part) => [part, 0])) as Record<StepPart, number>;
  totals = own;
  return {
    read: () => ({ ...own }),
    stop: () => {
      if (totals === own) totals = undefined;
    },
  };
}
