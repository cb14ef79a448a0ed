// The HTTP headers the app is served with: by the dev and preview servers (vite.config.ts), and in
// dist/_headers for static hosts that read that file (Netlify, Cloudflare Pages); docs/hosting.md.

/** Cross-origin isolation: SharedArrayBuffer, so that the wasm backend can use threads. */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Only the app's own origin. On top of that: 'wasm-unsafe-eval' compiles tfjs's and the engine's
 * WebAssembly; blob: workers are tfjs-wasm's threads; blob:/data: images are the user's pictures
 * and results, never fetched from anywhere. Dev adds what Vite's hot reload needs (an inline
 * preamble, injected styles, its websocket).
 */
function contentSecurityPolicy(dev: boolean): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", 'blob:', ...(dev ? ["'unsafe-inline'"] : [])],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", 'blob:', 'data:', ...(dev ? ['ws:'] : [])],
    'img-src': ["'self'", 'blob:', 'data:'],
    'media-src': ["'self'", 'blob:'],
    'style-src': ["'self'", ...(dev ? ["'unsafe-inline'"] : [])],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export function securityHeaders(dev = false): Record<string, string> {
  return { ...ISOLATION, 'Content-Security-Policy': contentSecurityPolicy(dev), 'X-Content-Type-Options': 'nosniff' };
}

/** The headers in the `_headers` format of static hosts: for every path. */
export function headersFile(): string {
  return ['/*', ...Object.entries(securityHeaders()).map(([name, value]) => `  ${name}: ${value}`)].join('\n') + '\n';
}
