import type { LossWeights } from '../settings';

export class CancelledError extends Error {
  constructor() {
    super('The style transfer was cancelled');
    this.name = 'CancelledError';
  }
}

/** What the person steering a run can do while it runs. */
export interface RunControls {
  /** Changes the loss weights from the next iteration on, keeping the iteration count. */
  setWeights(weights: Partial<LossWeights>): void;
  pause(): void;
  resume(): void;
  /** Ends early: the run finishes with the image as it is now. */
  stop(): void;
  /** Abandons the run: it rejects with CancelledError. */
  cancel(): void;
}

/**
 * The run's controls in one place: the weights the next iteration uses, the pause gate and how
 * the run is ending. The loop reads them between iterations.
 */
export class ControlState implements RunControls {
  private current: LossWeights;
  private weightsChanged = false;
  private ending: 'stop' | 'cancel' | undefined;
  private gate: { promise: Promise<void>; open: () => void } | undefined;

  constructor(weights: LossWeights) {
    this.current = { ...weights };
  }

  get weights(): LossWeights {
    return this.current;
  }

  /** Whether the run should end now (stopped or cancelled). */
  get ended(): boolean {
    return this.ending !== undefined;
  }

  get cancelled(): boolean {
    return this.ending === 'cancel';
  }

  /** Waits while paused; says whether it did, so that the caller's clock can leave the pause out. */
  async waitWhilePaused(): Promise<boolean> {
    if (!this.gate) return false;
    await this.gate.promise;
    return true;
  }

  /** Whether the weights changed since the last call: the optimiser must then forget the old objective. */
  takeWeightsChange(): boolean {
    const changed = this.weightsChanged;
    this.weightsChanged = false;
    return changed;
  }

  setWeights(partial: Partial<LossWeights>): void {
    this.current = { ...this.current, ...partial };
    this.weightsChanged = true;
  }

  pause(): void {
    if (this.gate) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }

  resume(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  stop(): void {
    this.ending ??= 'stop';
    this.resume();
  }

  cancel(): void {
    this.ending = 'cancel';
    this.resume();
  }
}
