/**
 * Opens the fixture's report in real headless Chromium (Debian package `chromium`, driven by playwright-core): no
 * console error, no network request, every section and figure present and drawn with a non-zero size, and a
 * screenshot written to apps/report/test-artifacts/report.png. A missing Chromium fails the test (never a skip).
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';
import { writeReport } from '../src';
import { copyFixture } from './fixture-dir';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts');
const SECTIONS = ['setup', 'training', 'headline', 'histograms', 'pruning', 'topology', 'test-mse'];

describe('the report in headless Chromium', () => {
  let dir: string;
  let browser: Browser | undefined;
  let figures: string[];
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`report/browser.test: Chromium not found at ${CHROMIUM} (install it: apt-get update && apt-get install -y chromium, or set CHROMIUM_PATH)`);
    }
    dir = copyFixture();
    figures = (await writeReport(dir)).figures.map((f) => path.basename(f, '.svg'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders every section and figure, makes no request and logs no error; writes a screenshot', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    // every request other than the page itself is recorded and refused
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `file://${path.join(dir, 'report.html')}`) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(`file://${path.join(dir, 'report.html')}`, { waitUntil: 'load' });

    for (const id of SECTIONS) {
      const section = page.locator(`section#${id}`);
      await expect(section.count()).resolves.toBe(1);
      const text = (await section.locator('p.caption').innerText()).trim();
      expect(text.length).toBeGreaterThan(200);
    }
    const drawn = await page.$$eval('figure[data-figure]', (els) =>
      els.map((el) => {
        const svg = el.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          name: el.getAttribute('data-figure'),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          // drawn marks: Vega's mark groups hold paths/lines/rects; the network drawing holds lines and circles
          marks: svg ? svg.querySelectorAll('g[class*="mark-"] path, g[class*="mark-"] line, g[class*="mark-"] rect, line, circle').length : 0,
          texts: svg ? svg.querySelectorAll('text').length : 0,
        };
      }),
    );
    expect(drawn.map((d) => d.name).sort()).toEqual([...figures].sort());
    for (const d of drawn) {
      expect({ name: d.name, ok: d.width > 200 && d.height > 150 }).toEqual({ name: d.name, ok: true });
      expect({ name: d.name, ok: d.marks > 10 && d.texts > 3 }).toEqual({ name: d.name, ok: true });
    }
    // the hostile strings of the fixture stayed text
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('text=window.__pwned = 1').count()).toBeGreaterThan(0);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(fs.statSync(shot).size).toBeGreaterThan(50_000);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
