// The app for everyone: no serious accessibility violation (axe-core) before, during and after a
// run, the whole flow with the keyboard alone, and a live region that says what happens without
// flooding a screen reader.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { resolve } from 'node:path';

const DEMO = resolve(import.meta.dirname, '../public/demo');
const runPhase = (page: Page) => page.locator('.progress-phase');

async function expectNoSeriousViolations(page: Page, when: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), when).toEqual([]);
}

/** Presses Tab until `target` has the focus; fails if it never comes. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      // Focus must be visible: the focused control draws a ring (outline or box-shadow).
      const ring = await target.evaluate((element) => {
        const style = getComputedStyle(element);
        return element.matches(':focus-visible') && (style.outlineStyle !== 'none' || style.boxShadow !== 'none');
      });
      expect(ring, 'a visible focus ring').toBe(true);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Everything the live region says, in order, recorded in the page. */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => {
      const text = document.querySelector('[role="status"][aria-live]')?.textContent?.trim();
      if (text && text !== said.at(-1)) said.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { said: string[] }).said);
}

test('the whole flow works with the keyboard alone, and axe finds nothing serious at any point', async ({ page }) => {
  test.setTimeout(240_000);
  const announcements = await recordAnnouncements(page);
  await page.goto('./?backend=wasm&size=64&iterations=200&scales=1');
  await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expectNoSeriousViolations(page, 'empty page');

  for (const [slot, file] of [['content', 'winter-wolf.jpg'], ['style', 'the_scream.jpg']] as const) {
    await tabTo(page, page.locator(`[data-slot="${slot}"]`));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    await chooser.setFiles(resolve(DEMO, file));
    await expect(page.locator(`[data-slot="${slot}"]`)).toContainText(file);
  }

  await tabTo(page, page.getByRole('button', { name: 'Start' }));
  await page.keyboard.press('Enter');
  await expect(runPhase(page)).toHaveText('Running', { timeout: 30_000 });
  await expectNoSeriousViolations(page, 'during a run');

  const style = page.getByRole('slider', { name: 'Style weight' });
  await tabTo(page, style);
  const before = await style.inputValue();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(Number(await style.inputValue())).toBeGreaterThan(Number(before));

  await tabTo(page, page.getByRole('button', { name: 'Pause' }));
  await page.keyboard.press('Enter');
  await expect(runPhase(page)).toHaveText('Paused');
  await tabTo(page, page.getByRole('button', { name: 'Resume' }));
  await page.keyboard.press('Enter');
  await expect(runPhase(page)).toHaveText('Running');
  await tabTo(page, page.getByRole('button', { name: 'Stop' }));
  await page.keyboard.press('Enter');
  await expect(runPhase(page)).toHaveText('Stopped early', { timeout: 30_000 });
  await expectNoSeriousViolations(page, 'when done');

  await tabTo(page, page.getByRole('button', { name: 'Download PNG' }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);

  const said = await announcements();
  expect(said.some((text) => text.startsWith('Started:'))).toBe(true);
  expect(said.some((text) => text.startsWith('Paused at iteration'))).toBe(true);
  expect(said.some((text) => text.startsWith('Stopped early'))).toBe(true);
});

test('the live region says the start, each scale, the end and errors, and not every iteration', async ({ page }) => {
  const announcements = await recordAnnouncements(page);
  // Two scales (128 then 256 px), 2 + 4 iterations.
  await page.goto('./?backend=wasm&size=256&scales=2&iterations=4&coarse=2');
  await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Try an example' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 120_000 });
  await page.getByTestId('content-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await expect(page.getByRole('alert')).toContainText('notes.txt');

  const said = await announcements();
  const during = said.slice(said.findIndex((text) => text.startsWith('Started:')));
  expect(during[0]).toMatch(/^Started: winter-wolf\.jpg in the style of the_scream\.jpg/);
  expect(during.filter((text) => text.startsWith('Scale '))).toEqual(['Scale 1 of 2: 128×72 px.', 'Scale 2 of 2: 256×144 px.']);
  expect(during).toContainEqual('Done: the result is ready to download.');
  expect(during.at(-1)).toContain('notes.txt');
  // Six iterations, a handful of sentences: no per-iteration chatter.
  expect(during.length).toBeLessThanOrEqual(6);
});
