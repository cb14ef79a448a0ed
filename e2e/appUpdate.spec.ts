// A new build of the app reaches a visitor who keeps it open: offered, never forced, not during a
// run, and taken whole on reload. The page is served here by a small server of the built files,
// so that the test can publish "the next build" (its service worker changed) mid-visit.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { securityHeaders } from '../scripts/securityHeaders.ts';

const DIST = resolve(import.meta.dirname, '..', process.env.E2E_DIST ?? 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

/** Serves dist/ with the app's headers; `build` 2 changes the service worker, as a new build does. */
function serveBuild(): { server: Server; origin: Promise<string>; publish(build: number): void } {
  let build = 1;
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url!, 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
    try {
      let body: Buffer | string = await readFile(join(DIST, path));
      if (path === 'sw.js' && build > 1) body = `${body}\n// build ${build}\n`;
      response.writeHead(200, { ...securityHeaders(), 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  const origin = new Promise<string>((ready) =>
    server.listen(0, '127.0.0.1', () => ready(`http://127.0.0.1:${(server.address() as { port: number }).port}`)),
  );
  return { server, origin, publish: (next) => (build = next) };
}

test.use({ serviceWorkers: 'allow' });

test('a new build is offered, waits for the run to end, and the reload takes it whole', async ({ page }) => {
  const site = serveBuild();
  try {
    await page.goto(`${await site.origin}/?backend=wasm&size=64&iterations=40&scales=1`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // A returning visitor: the page is served by the service worker of the build they have.
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Try an example' }).click();
    await expect(page.locator('[data-slot="style"]')).toContainText('the_scream.jpg');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.locator('.progress-phase')).toHaveText('Running');

    // The next build is published while the run goes on; the browser finds it.
    site.publish(2);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration!.update()));
    const banner = page.getByRole('region', { name: 'New version' });
    await expect(banner).toContainText('A new version of the app is ready.', { timeout: 60_000 });
    const reload = banner.getByRole('button', { name: 'Reload to update' });
    // Not during a run: the old build goes on serving this page meanwhile.
    await expect(reload).toBeDisabled();
    await expect(page.locator('.progress-phase')).toHaveText('Running');
    await expect(page.locator('.progress-phase')).toHaveText('Done', { timeout: 90_000 });
    await expect(reload).toBeEnabled();

    const workers = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return { waiting: registration?.waiting != null, controlled: navigator.serviceWorker.controller !== null };
      });
    // The new build waits while the old one still serves this page.
    expect(await workers()).toEqual({ waiting: true, controlled: true });
    await Promise.all([page.waitForEvent('load'), reload.click()]);
    // The waiting build took over: the page runs under it, with nothing left waiting.
    expect(await workers()).toEqual({ waiting: false, controlled: true });
    await expect(banner).toHaveCount(0);
    // The pictures come back after the reload, as after any other.
    await expect(page.locator('[data-slot="style"]')).toContainText('the_scream.jpg');
  } finally {
    site.server.close();
  }
});
