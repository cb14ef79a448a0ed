/**
 * Where an iteration's time goes, by kind of work, so that the next speed-up is chosen from data.
 * The engine wraps each kind in `profiled`; nothing is recorded unless a profile is running (the
 * benchmark starts one), and then each part gets its own time without its nested parts (the
 * optimiser's time excludes the evaluations it asks for, an evaluation's excludes its convolutions).
 *
 * Wall times mean something only where kernels run as they are called: on wasm and cpu. A GPU
 * backend only queues work there, so its profile would time the queueing.
 *
 * `convProducts` are the Winograd convolutions' matrix products (forward and input gradient), the
 * arithmetic that no data movement can remove; `convForward` and `convBackward` keep the rest of
 * the convolutions (tile transforms, the first layer's direct convolution). A part can also count
 * its floating-point operations, so that the profile says how near the hardware's limit it runs.
 */
export const STEP_PARTS = ['convForward', 'convBackward', 'convProducts', 'gram', 'pooling', 'losses', 'optimiser', 'preconditioner'] as const;
export type StepPart = (typeof STEP_PARTS)[number];

interface Frame {
  start: number;
  /** Time spent in parts nested in this one. */
  nested: number;
}

interface Totals {
  ms: Record<StepPart, number>;
  flops: Record<StepPart, number>;
}

let totals: Totals | undefined;
const stack: Frame[] = [];

/** Runs `work`, timing it as `part` (which does `flops` operations) when a profile is running. */
export function profiled<T>(part: StepPart, work: () => T, flops = 0): T {
  if (!totals) return work();
  totals.flops[part] += flops;
  const frame: Frame = { start: performance.now(), nested: 0 };
  stack.push(frame);
  try {
    return work();
  } finally {
    stack.pop();
    const elapsed = performance.now() - frame.start;
    if (totals) totals.ms[part] += elapsed - frame.nested;
    if (stack.length) stack[stack.length - 1].nested += elapsed;
  }
}

export interface StepProfile {
  /** Milliseconds each part took since the profile started, nested parts excluded. */
  read(): Record<StepPart, number>;
  /** Floating-point operations each part counted since the profile started (0 where it counts none). */
  flops(): Record<StepPart, number>;
  stop(): void;
}

const zeros = () => Object.fromEntries(STEP_PARTS.map((part) => [part, 0])) as Record<StepPart, number>;

/** Starts timing the parts; one profile at a time. */
export function startStepProfile(): StepProfile {
  const own: Totals = { ms: zeros(), flops: zeros() };
  totals = own;
  return {
    read: () => ({ ...own.ms }),
    flops: () => ({ ...own.flops }),
    stop: () => {
      if (totals === own) totals = undefined;
    },
  };
}
