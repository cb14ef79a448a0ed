// The engine's rooms and the one direction their imports go: a room uses only the rooms before it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** From the bottom up. `settings.ts` (the engine's vocabulary) sits between the network and the losses. */
const ROOMS = ['profile', 'image', 'network', 'settings.ts', 'loss', 'optimise', 'device', 'run', 'video', 'benchmark'];

const ENGINE = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The room of a file: its first folder under src/engine, or the root file itself. */
const roomOf = (file: string) => relative(ENGINE, file).split('/')[0];

describe('the engine', () => {
  const files = sourceFiles(ENGINE).filter((file) => roomOf(file) !== 'index.ts');

  it('has every source file in a known room', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.map(roomOf).filter((room) => !ROOMS.includes(room))).toEqual([]);
  });

  it("imports go one way: no room reaches a room above it, and none reaches the UI, the DOM's state or the worker", () => {
    const wrongWay: string[] = [];
    for (const file of files) {
      const own = ROOMS.indexOf(roomOf(file));
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
        const target = resolve(dirname(file), spec);
        const rel = relative(ENGINE, target);
        const room = rel.startsWith('..') ? rel : rel.split('/').length > 1 ? rel.split('/')[0] : `${rel}.ts`;
        const index = ROOMS.indexOf(room);
        if (index === -1 || index > own) wrongWay.push(`${relative(ENGINE, file)} -> ${spec}`);
      }
    }
    expect(wrongWay).toEqual([]);
  });
});
