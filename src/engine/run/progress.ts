import type { LossValues } from '../loss/objective';
import type { StepResult } from '../optimise/optimizer';
import { pixelIterations, type ScalePlan } from './plan';

export interface Progress {
  /** 0-based index of the current scale, and how many there are. */
  scaleIndex: number;
  scaleCount: number;
  /** Size of the image at this scale. */
  width: number;
  height: number;
  /** 0-based index of the tile being optimised at this scale, and how many there are. */
  tileIndex: number;
  tileCount: number;
  /** Pixels of the image (or tile) each iteration optimises now. */
  pixels: number;
  /** 1-based iteration within this scale (or tile), and the iterations each tile of this scale runs. */
  iteration: number;
  iterationsPerScale: number;
  /** Iterations done over all scales and tiles, and the total. */
  totalIteration: number;
  totalIterations: number;
  /** Objective evaluations so far (L-BFGS's line search may take more than one an iteration). */
  evaluations: number;
  losses: LossValues;
  iterationsPerSecond: number;
  /** Estimated time to the end of the last scale. */
  secondsLeft: number;
}

/** Where in the plan an iteration is. */
export interface Position {
  scaleIndex: number;
  tileIndex: number;
  /** 1-based, within the tile. */
  iteration: number;
}

/** Seconds an iteration takes, averaged over the last few, for the rate and time-left estimate. */
class IterationClock {
  private times: number[] = [];
  private last = performance.now();

  restart(): void {
    this.times = [];
    this.last = performance.now();
  }

  tick(): number {
    const now = performance.now();
    this.times.push((now - this.last) / 1000);
    if (this.times.length > 5) this.times.shift();
    this.last = now;
    return this.times.reduce((a, b) => a + b, 0) / this.times.length;
  }
}

/**
 * Counts a run's iterations against its plan and turns each into a `Progress`. It reads the plan
 * as it is at the time: the out-of-memory fallback re-tiles a scale in place.
 */
export class RunProgress {
  private totalIteration = 0;
  private evaluations = 0;
  private readonly clock = new IterationClock();

  constructor(private readonly plan: readonly ScalePlan[]) {}

  /** Iterations done so far: a scale that is done again in smaller tiles goes back to its start. */
  get done(): number {
    return this.totalIteration;
  }

  rewindTo(done: number): void {
    this.totalIteration = done;
  }

  /** A tile that needs no optimising counts as done. */
  skip(iterations: number): void {
    this.totalIteration += iterations;
  }

  /** Starts timing afresh: a new tile, or the end of a pause. */
  restartClock(): void {
    this.clock.restart();
  }

  /** Counts one iteration, at `at`, that `step` took. */
  iterated({ scaleIndex, tileIndex, iteration }: Position, step: StepResult): Progress {
    const { size, tiles, iterations } = this.plan[scaleIndex];
    const tile = tiles[tileIndex];
    this.evaluations += step.evaluations;
    this.totalIteration++;
    const secondsPerIteration = this.clock.tick();
    const pixelsLeft =
      tiles.slice(tileIndex).reduce((sum, t) => sum + t.width * t.height, 0) * iterations -
      tile.width * tile.height * iteration +
      pixelIterations(this.plan.slice(scaleIndex + 1));
    return {
      scaleIndex,
      scaleCount: this.plan.length,
      width: size.width,
      height: size.height,
      tileIndex,
      tileCount: tiles.length,
      pixels: tile.width * tile.height,
      iteration,
      iterationsPerScale: iterations,
      totalIteration: this.totalIteration,
      totalIterations: this.plan.reduce((n, s) => n + s.tiles.length * s.iterations, 0),
      evaluations: this.evaluations,
      losses: step.losses,
      iterationsPerSecond: 1 / secondsPerIteration,
      secondsLeft: (pixelsLeft * secondsPerIteration) / (tile.width * tile.height),
    };
  }
}
