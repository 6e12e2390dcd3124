/**
 * The built page in real headless Chromium (Debian package `chromium`, driven by playwright-core), opened from
 * file:// as a reader would: teacher 8-8, student 32, both variants, autostarted. The spectral student's active-node
 * count falls to at most h_T + 3 = 11 within 60 s while the direct one keeps at least 28; pausing holds the epoch;
 * no console error or warning, no request outside file://, and a screenshot that is not blank
 * (apps/playground/test-artifacts/playground.png).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const APP = path.join(__dirname, '..');
const PAGE = path.join(APP, 'dist', 'index.html');
const ARTIFACTS = path.join(APP, 'test-artifacts');

/** Newest modification time under the page's sources, to rebuild a stale dist (a jest run without nx). */
function newestSource(): number {
  const files = [
    'index.html',
    'vite.config.mts',
    ...fs.readdirSync(path.join(APP, 'src')).map((f) => path.join('src', f)),
  ];
  return Math.max(...files.map((f) => fs.statSync(path.join(APP, f)).mtimeMs));
}

const describeChromium = fs.existsSync(CHROMIUM) ? describe : describe.skip;
if (!fs.existsSync(CHROMIUM))
  console.warn(`playground/browser.test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describeChromium('the playground in headless Chromium from file://', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!fs.existsSync(PAGE) || fs.statSync(PAGE).mtimeMs < newestSource()) {
      execFileSync(
        process.execPath,
        [
          path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'),
          'build',
          '--logLevel',
          'error',
        ],
        { cwd: APP },
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const dataset = (page: Page) => page.evaluate(() => ({ ...document.body.dataset }) as Record<string, string>);

  it('spectral falls to <= h_T + 3 active nodes within 60 s, direct keeps >= 28; no error, no request', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    // The page is a file; its worker a blob: URL made from the page's own bytes. Anything else is refused and recorded.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`file://${PAGE}`) || url.startsWith('blob:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page.on('request', (r) => {
      if (!/^(file|blob|data):/.test(r.url())) requests.push(r.url());
    });
    const html = fs.readFileSync(PAGE, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'; worker-src blob:;/,
    );
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).not.toMatch(/'unsafe-eval'|'unsafe-inline'|https?:/);
    expect(csp).not.toMatch(/https?:/);
    const started = Date.now();
    await page.goto(`file://${PAGE}?teacher=8,8&student=32&variant=both&autostart=1`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => Number(document.body.dataset.activeNodesSpectral) <= 11 || document.body.dataset.status === 'error',
      undefined,
      { timeout: 60000, polling: 100 },
    );
    const reached = await dataset(page);
    const seconds = (Date.now() - started) / 1000;
    expect(reached.status).not.toBe('error');
    expect(Number(reached.teacherSize)).toBe(8);
    expect(Number(reached.activeNodesSpectral)).toBeLessThanOrEqual(11);
    expect(Number(reached.activeNodesDirect)).toBeGreaterThanOrEqual(28);
    console.log(
      `playground: spectral at ${reached.activeNodesSpectral} active nodes after ${seconds.toFixed(1)} s ` +
        `(epoch ${reached.epochSpectral})`,
    );

    await page.waitForFunction(() => document.body.dataset.status === 'done', undefined, { timeout: 60000 });
    const done = await dataset(page);
    expect(Number(done.epochSpectral)).toBe(1000);
    expect(Number(done.epochDirect)).toBe(1000);
    expect(Number(done.activeNodesSpectral)).toBeLessThanOrEqual(11);
    expect(Number(done.activeNodesDirect)).toBeGreaterThanOrEqual(28);
    expect(done.activeNodes).toBe(done.activeNodesSpectral);
    expect(Number(done.testMse)).toBeGreaterThan(0);
    expect(Number(done.testMse)).toBeLessThan(0.1);
    // the URL holds every setting, and starts the run when shared
    expect(new URL(page.url()).search).toBe(
      '?teacher=8,8&student=32&variant=both&epochs=1000&learningRate=auto&seed=1&train=2000&autostart=1',
    );

    // the slider prunes the spectral student to h_T and the page shows that student's error
    const slider = page.locator('section[data-variant="spectral"] input.slider');
    await expect(slider.inputValue()).resolves.toBe('8');
    const prunedText = await page.locator('section[data-variant="spectral"] output').innerText();
    expect(prunedText).toMatch(/^8 nodes: test MSE \d/);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'playground.png');
    const png = await page.screenshot({ path: shot, fullPage: true });
    // Not blank: the screenshot's pixels, decoded by Chromium on a canvas, hold many colours and few are background.
    const pixels = await browser.newPage().then(async (blank) => {
      const counts = await blank.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [img.width, img.height];
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, img.width, img.height).data;
        const colours = new Set<number>();
        let white = 0;
        for (let i = 0; i < data.length; i += 4) {
          colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
          if (data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250) white++;
        }
        return { colours: colours.size, whiteShare: white / (data.length / 4) };
      }, png.toString('base64'));
      await blank.close();
      return counts;
    });
    expect(pixels.colours).toBeGreaterThan(500);
    expect(pixels.whiteShare).toBeLessThan(0.9);
    console.log(
      `playground: screenshot with ${pixels.colours} colours, ${(100 * pixels.whiteShare).toFixed(0)}% white`,
    );
    await slider.fill('32');
    await expect(page.locator('section[data-variant="spectral"]').getAttribute('data-pruned-test-mse')).resolves.toBe(
      done.testMseSpectral,
    );

    const marks = await page.$$eval('section.panel', (els) =>
      els.map((el) => el.querySelectorAll('svg rect, svg polyline, svg line').length),
    );
    expect(marks.every((m) => m > 50)).toBe(true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('pause holds the epoch and resume goes on; reset clears the state; a bad setting names its field', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${PAGE}?teacher=8,8&student=32&variant=spectral&epochs=20000&autostart=1`);
    await page.waitForFunction(() => Number(document.body.dataset.epoch) > 5, undefined, { timeout: 30000 });
    await page.click('#pause');
    await page.waitForFunction(() => document.body.dataset.status === 'paused');
    await page.waitForTimeout(300);
    const held = Number((await dataset(page)).epoch);
    await page.waitForTimeout(700);
    expect(Number((await dataset(page)).epoch)).toBe(held);
    await page.click('#pause');
    await page.waitForFunction((e) => Number(document.body.dataset.epoch) > e, held, { timeout: 30000 });
    await page.click('#reset');
    expect(await dataset(page)).toEqual({ status: 'idle' });

    await page.fill('input[name=student]', 'many');
    await page.click('#start');
    await expect(page.locator('#error').innerText()).resolves.toMatch(/^student: 'many' is not an integer in 1\.\.500/);
    await page.close();
  });
});
