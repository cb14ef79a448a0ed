// The UI's handle on the style worker: typed calls out, typed events back, and a restart when it dies.
import type { Size } from '../engine/image/size';
import type { LossWeights, StyleSettings } from '../engine/settings';
import type { BackendName, BenchmarkRequest, PreviousFrame, StyleInputs, UiToWorker, WorkerToUi } from './protocol';

/** What the worker says, plus the client's own news that it had to start a new worker. */
export type EngineEvent = WorkerToUi | { type: 'restarted' | 'gaveUp'; reason: string };

/**
 * Silence that means a hung worker, while it owes an answer (model loading or a run that is not
 * paused). Generous: one L-BFGS iteration at 1024 px on two CPU cores can take minutes.
 */
export const STALL_MS = 5 * 60_000;
export const WATCHDOG_INTERVAL_MS = 10_000;
/** A worker that fails this often in a row within the window cannot start here: the client gives up. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 2 * 60_000;

const createStyleWorker = () => new Worker(new URL('./styleWorker.ts', import.meta.url), { type: 'module' });

export class StyleWorkerClient {
  private worker: Worker;
  private initMessage: Extract<UiToWorker, { type: 'init' }> | undefined;
  private nextRunId = 1;
  /** What the worker owes an answer to: the model loading, or a run that is not paused. */
  private loading = false;
  private activeRun: { id: number; paused: boolean } | undefined;
  private lastHeardAt = performance.now();
  private restartTimes: number[] = [];
  private readonly watchdog: ReturnType<typeof setInterval>;

  constructor(
    private readonly listener: (event: EngineEvent) => void,
    private readonly createWorker: () => Worker = createStyleWorker,
  ) {
    this.worker = this.spawn();
    this.watchdog = setInterval(() => {
      const owesAnswer = this.loading || (this.activeRun !== undefined && !this.activeRun.paused);
      if (owesAnswer && performance.now() - this.lastHeardAt > STALL_MS) {
        this.restart('it stopped responding');
      }
    }, WATCHDOG_INTERVAL_MS);
  }

  /** Starts the backend (`backend` forces one) and loads the model from `modelUrl`. */
  init(modelUrl: string, backend?: BackendName): void {
    this.initMessage = { type: 'init', modelUrl, backend };
    this.send(this.initMessage);
  }

  /** Starts a run (cancelling any other) and returns its id. The images are copied, not moved. */
  start(inputs: StyleInputs, settings: StyleSettings, video?: { previous?: PreviousFrame }): number {
    const runId = this.nextRunId++;
    this.activeRun = { id: runId, paused: false };
    this.send({ type: 'start', runId, inputs, settings, video });
    return runId;
  }

  updateWeights(runId: number, weights: Partial<LossWeights>): void {
    this.send({ type: 'updateWeights', runId, weights });
  }

  pause(runId: number): void {
    this.send({ type: 'pause', runId });
  }

  resume(runId: number): void {
    if (this.activeRun?.id === runId) this.activeRun.paused = false;
    this.send({ type: 'resume', runId });
  }

  stop(runId: number): void {
    this.send({ type: 'stop', runId });
  }

  cancel(runId: number): void {
    this.send({ type: 'cancel', runId });
  }

  /** The answer comes as a 'speed' event. */
  measureSpeed(size: Size): void {
    this.send({ type: 'measureSpeed', size });
  }

  /** `npm run bench` only: the answer comes as a 'benchmarkResult' event. */
  benchmark(request: BenchmarkRequest): void {
    this.send({ type: 'benchmark', request });
  }

  /** Replaces the worker with a fresh one (which loads the model again) and tells the listener why. */
  private restart(reason: string): void {
    this.worker.terminate();
    this.activeRun = undefined;
    this.loading = false;
    const now = performance.now();
    this.restartTimes = this.restartTimes.filter((time) => now - time < RESTART_WINDOW_MS);
    if (this.restartTimes.length >= MAX_RESTARTS) {
      clearInterval(this.watchdog);
      this.listener({ type: 'gaveUp', reason });
      return;
    }
    this.restartTimes.push(now);
    this.worker = this.spawn();
    if (this.initMessage) this.send(this.initMessage);
    this.listener({ type: 'restarted', reason });
  }

  dispose(): void {
    clearInterval(this.watchdog);
    this.worker.terminate();
  }

  private send(message: UiToWorker): void {
    if (message.type === 'init') this.loading = true;
    this.lastHeardAt = performance.now();
    this.worker.postMessage(message);
  }

  /** Keeps track of what the worker still owes, for the watchdog. */
  private note(message: WorkerToUi): void {
    this.lastHeardAt = performance.now();
    if (message.type === 'ready' || (message.type === 'error' && message.runId === undefined)) this.loading = false;
    const run = this.activeRun;
    if (!run || !('runId' in message) || message.runId !== run.id) return;
    if (message.type === 'paused') run.paused = true;
    if (message.type === 'done' || message.type === 'cancelled' || message.type === 'error') this.activeRun = undefined;
  }

  private spawn(): Worker {
    const worker = this.createWorker();
    worker.onmessage = (event: MessageEvent<WorkerToUi>) => {
      if (worker !== this.worker) return;
      const message = event.data;
      this.note(message);
      this.listener(message);
      // After running out of memory or losing the GPU the worker's heap or context is spent:
      // a fresh worker (the model reloads in seconds) is the reliable way back.
      if (message.type === 'error' && (message.kind === 'oom' || message.kind === 'context-lost')) {
        this.restart(message.kind === 'oom' ? 'it ran out of memory' : 'it lost its GPU');
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      // Errors from tfjs's own thread workers arrive as "Uncaught [object ErrorEvent]": no words in them.
      const words = event.message && !event.message.includes('[object ') ? `: ${event.message}` : '';
      if (worker === this.worker) this.restart(`it crashed${words}`);
    };
    worker.onmessageerror = () => {
      if (worker === this.worker) this.restart('a message from it could not be read');
    };
    return worker;
  }
}
