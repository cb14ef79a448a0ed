// The built app as a visitor keeps it: offline after the first visit (service worker), under its
// Content-Security-Policy, and never asking another origin for anything.
import { expect, test, type Page } from '@playwright/test';

const TINY = '?backend=wasm&size=64&iterations=3&scales=1';
const badge = (page: Page) => page.locator('.engine-badge');

async function runExampleToDone(page: Page): Promise<void> {
  await expect(badge(page)).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('[data-slot="style"]')).toContainText('the_scream.jpg');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('.progress-phase')).toHaveText('Done', { timeout: 90_000 });
}

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after one visit the app starts, loads the model and runs with the network off', async ({ page, context }) => {
    await page.goto(`./${TINY}`);
    // The service worker is active once it has precached the app, the weights and the demo pictures.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    await context.setOffline(true);
    // The network is really off: what the cache does not hold fails.
    const probe = () => fetch(`probe-${Math.random()}`).then(() => 'reached', () => 'failed');
    expect(await page.evaluate(probe)).toBe('failed');

    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // Installable: its manifest and icons come from the cache too.
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!;
      const json = await (await fetch(link.href)).json();
      const icons = await Promise.all(
        json.icons.map(async (icon: { src: string; sizes: string }) => {
          const image = await createImageBitmap(await (await fetch(new URL(icon.src, link.href))).blob());
          return `${icon.sizes}=${image.width}x${image.height}`;
        }),
      );
      return { display: json.display, icons };
    });
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons).toEqual(expect.arrayContaining(['192x192=192x192', '512x512=512x512']));
    await runExampleToDone(page);
    expect(await page.evaluate(probe)).toBe('failed');
  });
});

test('runs under the Content-Security-Policy, and every request stays on its own origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('worker', (worker) => requests.push(worker.url()));
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Content-Security-Policy: ${event.violatedDirective} ${event.blockedURI}`)),
  );

  const response = await page.goto(`./${TINY}`);
  expect(response!.headers()['content-security-policy']).toContain("default-src 'self'");
  // wasm with threads: the policy leaves room for tfjs-wasm's blob workers.
  await expect(badge(page)).toContainText('thread', { timeout: 60_000 });
  await expect(badge(page)).not.toContainText('not cross-origin isolated');
  await runExampleToDone(page);
  await page.getByRole('button', { name: 'Download PNG' }).click();

  expect(violations).toEqual([]);
  expect(requests.length).toBeGreaterThan(30);
  const elsewhere = requests.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(elsewhere).toEqual([]);
});

test('a damaged or unreachable weight file is named and refused, never run', async ({ page }) => {
  // One byte of one kernel flipped on its way, as a broken proxy or disk would.
  await page.route('**/models/vgg19/conv3_2_kernel', async (route) => {
    const body = Buffer.from(await (await route.fetch()).body());
    body[1000] ^= 0x01;
    await route.fulfill({ body, headers: { 'content-type': 'application/octet-stream' } });
  });
  await page.goto(`./${TINY}`);
  await expect(badge(page)).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  await expect(page.locator('.status-line')).toContainText('conv3_2_kernel is damaged');
  await expect(page.locator('.status-line')).toContainText('Reload the page');

  await page.unroute('**/models/vgg19/conv3_2_kernel');
  await page.route('**/models/vgg19/conv5_1_bias', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(badge(page)).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  await expect(page.locator('.status-line')).toContainText('conv5_1_bias');
});
