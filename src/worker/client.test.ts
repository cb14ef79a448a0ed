// The client's recovery from a worker that hangs, crashes or loses its GPU, against a scripted
// worker that speaks the real protocol; fake timers stand in for the minutes of silence.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withDefaults } from '../engine/settings';
import { MAX_RESTARTS, RESTART_WINDOW_MS, STALL_MS, StyleWorkerClient, WATCHDOG_INTERVAL_MS, type EngineEvent } from './client';
import type { BackendInfo, StyleInputs, UiToWorker, WorkerToUi } from './protocol';

/** A worker the test speaks for: it records what the client sends and says what it is told to. */
class ScriptedWorker {
  onmessage: ((event: MessageEvent<WorkerToUi>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly received: UiToWorker[] = [];
  terminated = false;

  postMessage(message: UiToWorker): void {
    this.received.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  say(message: WorkerToUi): void {
    this.onmessage?.({ data: message } as MessageEvent<WorkerToUi>);
  }

  /** An uncaught error in the worker, as the browser reports it. */
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

const MODEL_URL = 'https://example.test/models/vgg19/';
const webgpu: BackendInfo = { name: 'webgpu', detail: 'NVIDIA GeForce RTX 4070' };
const wasm: BackendInfo = { name: 'wasm', threads: 2, detail: '2 threads, SIMD' };
const pixel = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
const inputs: StyleInputs = { content: pixel, styles: [{ image: pixel, weight: 1 }] };
const settings = withDefaults({ size: 64 });

describe('the style worker client', () => {
  let workers: ScriptedWorker[];
  let events: EngineEvent[];
  let client: StyleWorkerClient;
  const current = () => workers.at(-1)!;
  const restarts = () => events.filter((e) => e.type === 'restarted' || e.type === 'gaveUp');

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
    workers = [];
    events = [];
    client = new StyleWorkerClient(
      (event) => events.push(event),
      () => {
        workers.push(new ScriptedWorker());
        return current() as unknown as Worker;
      },
    );
    client.init(MODEL_URL);
    current().say({ type: 'ready', backend: webgpu, modelLoaded: true, loadMs: 900 });
  });

  afterEach(() => {
    client.dispose();
    vi.useRealTimers();
  });

  /** Starts a run that the worker begins to report on. */
  function startRun(): number {
    const runId = client.start(inputs, settings);
    current().say({ type: 'started', runId, width: 64, height: 36, settings });
    return runId;
  }

  it('restarts a worker that goes silent in a run, once the watchdog has waited long enough, and loads the model again', () => {
    startRun();
    const hung = current();
    vi.advanceTimersByTime(STALL_MS - WATCHDOG_INTERVAL_MS);
    expect(restarts()).toEqual([]);
    vi.advanceTimersByTime(2 * WATCHDOG_INTERVAL_MS);
    expect(restarts()).toEqual([{ type: 'restarted', reason: 'it stopped responding' }]);
    expect(hung.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(current().received).toEqual([{ type: 'init', modelUrl: MODEL_URL }]);
  });

  it('leaves alone a slow run that keeps reporting, a paused run and an idle worker', () => {
    const runId = startRun();
    // A frame every few minutes: slow, but alive.
    for (let i = 1; i <= 5; i++) {
      vi.advanceTimersByTime(STALL_MS - WATCHDOG_INTERVAL_MS);
      current().say({ type: 'frame', runId, image: pixel });
    }
    client.pause(runId);
    current().say({ type: 'paused', runId, iteration: 5, totalIteration: 5 });
    vi.advanceTimersByTime(3 * STALL_MS);
    client.resume(runId);
    current().say({ type: 'done', runId, image: pixel, stoppedEarly: false });
    vi.advanceTimersByTime(3 * STALL_MS);
    expect(restarts()).toEqual([]);
    expect(workers).toHaveLength(1);
  });

  it('gives up after repeated crashes rather than restarting for ever, and says why', () => {
    for (let crash = 1; crash <= MAX_RESTARTS + 1; crash++) {
      vi.advanceTimersByTime(1000);
      current().crash('Uncaught RangeError: WebAssembly.instantiate(): Out of memory');
    }
    const reason = 'it crashed: Uncaught RangeError: WebAssembly.instantiate(): Out of memory';
    expect(restarts()).toEqual([...Array(MAX_RESTARTS).fill({ type: 'restarted', reason }), { type: 'gaveUp', reason }]);
    expect(workers).toHaveLength(MAX_RESTARTS + 1);
    expect(workers.every((w) => w.terminated)).toBe(true);
    // Given up: no watchdog starts another worker later.
    client.start(inputs, settings);
    vi.advanceTimersByTime(2 * STALL_MS);
    expect(workers).toHaveLength(MAX_RESTARTS + 1);
    expect(events.at(-1)!.type).toBe('gaveUp');
  });

  it('keeps restarting a worker whose crashes are far apart', () => {
    for (let crash = 1; crash <= MAX_RESTARTS + 2; crash++) {
      vi.advanceTimersByTime(RESTART_WINDOW_MS);
      current().say({ type: 'ready', backend: wasm, modelLoaded: true, loadMs: 900 });
      current().crash('Uncaught [object ErrorEvent]');
    }
    expect(restarts()).toEqual(Array(MAX_RESTARTS + 2).fill({ type: 'restarted', reason: 'it crashed' }));
    expect(workers).toHaveLength(MAX_RESTARTS + 3);
  });

  it('passes on a run that the worker moves from a failed GPU to the CPU, and restarts only a worker that could not recover', () => {
    // The worker recovers by itself: it tells the UI its new backend, and the run goes on.
    const runId = startRun();
    const notice = 'The GPU stopped working for this page (its webgpu device was lost), so the style engine now runs on the CPU: wasm, 2 threads, SIMD.';
    current().say({ type: 'ready', backend: wasm, modelLoaded: true, loadMs: 700 });
    current().say({ type: 'notice', message: notice });
    current().say({ type: 'started', runId, width: 64, height: 36, settings });
    current().say({ type: 'done', runId, image: pixel, stoppedEarly: false });
    expect(events.map((e) => e.type)).toEqual(['ready', 'started', 'ready', 'notice', 'started', 'done']);
    expect(workers).toHaveLength(1);

    // It could not: a fresh worker, which loads the model again, and the next run goes there.
    const second = startRun();
    const lost = current();
    lost.say({ type: 'error', runId: second, kind: 'context-lost', message: 'device lost (unknown)' });
    expect(events.slice(-2)).toEqual([
      { type: 'error', runId: second, kind: 'context-lost', message: 'device lost (unknown)' },
      { type: 'restarted', reason: 'it lost its GPU' },
    ]);
    expect(lost.terminated).toBe(true);
    expect(current().received).toEqual([{ type: 'init', modelUrl: MODEL_URL }]);
    // The lost worker's last words go unheard.
    lost.say({ type: 'cancelled', runId: second });
    expect(events.at(-1)).toEqual({ type: 'restarted', reason: 'it lost its GPU' });
    current().say({ type: 'ready', backend: wasm, modelLoaded: true, loadMs: 700 });
    const third = client.start(inputs, settings);
    expect(current().received.at(-1)).toMatchObject({ type: 'start', runId: third });
    expect(lost.received.some((m) => m.type === 'start' && m.runId === third)).toBe(false);
  });

  it('restarts a worker that ran out of memory, so the UI can suggest a smaller size', () => {
    const runId = startRun();
    current().say({ type: 'error', runId, kind: 'oom', message: 'Failed to allocate 1 GB' });
    expect(events.at(-1)).toEqual({ type: 'restarted', reason: 'it ran out of memory' });
    expect(workers).toHaveLength(2);
  });
});
