// The name under which a render's finished frames are kept: the same clip with the same settings
// finds its frames again after a reload; any change starts a new render.

/** What identifies a dropped file without reading it all. */
export interface ClipFile {
  name: string;
  size: number;
  lastModified?: number;
}

/** JSON with every object's keys sorted, so {a, b} and {b, a} name the same render. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** cyrb53: a fast 53-bit string hash; collisions among one person's renders are vanishingly rare. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A short name safe as a folder name: the file's identity and every setting that changes a frame. */
export function renderId(file: ClipFile, settings: unknown): string {
  const { name, size, lastModified } = file;
  return `render-${hash53(stableJson({ file: { name, size, lastModified }, settings })).toString(36)}`;
}
