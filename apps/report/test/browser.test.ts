/**
 * Opens the fixture's report in real headless Chromium (Debian package `chromium`, driven by playwright-core): no
 * console error, no network request, every section and figure present and drawn with a non-zero size, the key
 * findings and the first headline figure on the first screen, the page half as long as before, every MSE log axis
 * starting at its floor, a clean print layout, and screenshots written to apps/report/test-artifacts/. A missing
 * Chromium fails the test (never a skip).
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';
import type { Summary } from '@spectral-ts/results';
import { writeReport } from '../src';
import { copyFixture } from './fixture-dir';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts');
const SECTIONS = ['findings', 'headline', 'pruning', 'training', 'histograms', 'topology', 'test-mse', 'setup'];
/**
 * The fixture's page was 15 601 px long at 1280 px wide when setup, every table and every caption came first (measured
 * in this Chromium before the key findings existed); the page must stay at most half of that.
 */
const PAGE_HEIGHT_BEFORE = 15_601;
const FIRST_SCREEN = { width: 1280, height: 800 };

describe('the report in headless Chromium', () => {
  let dir: string;
  let browser: Browser | undefined;
  let figures: string[];
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `report/browser.test: Chromium not found at ${CHROMIUM} (install it: apt-get update && apt-get install -y chromium, or set CHROMIUM_PATH)`,
      );
    }
    dir = copyFixture();
    figures = (await writeReport(dir)).figures.map((f) => path.basename(f, '.svg'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
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
      // the caption's first sentence shows; the rest folds under it (textContent reads both)
      const text = ((await section.locator('.caption').first().textContent()) ?? '').trim();
      expect({ id, long: text.length > 150 }).toEqual({ id, long: true });
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
          marks: svg
            ? svg.querySelectorAll(
                'g[class*="mark-"] path, g[class*="mark-"] line, g[class*="mark-"] rect, line, circle',
              ).length
            : 0,
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
    await page.setViewportSize(FIRST_SCREEN);
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-screen.png') });
    const shot = path.join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(fs.statSync(shot).size).toBeGreaterThan(50_000);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('leads with the answer: the key findings and the top of the first headline figure on the first screen', async () => {
    const page = await browser!.newPage({ viewport: FIRST_SCREEN });
    await page.goto(`file://${path.join(dir, 'report.html')}`, { waitUntil: 'load' });
    const layout = await page.$eval('html', (root) => {
      const box = (sel: string): { top: number; bottom: number } => {
        const r = root.querySelector(sel)!.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      };
      return {
        findings: box('section#findings'),
        findingItems: root.querySelectorAll('section#findings li[data-verdict]').length,
        headline: box('section#headline figure[data-figure] svg'),
        firstFigure: root.querySelector('figure[data-figure]')!.getAttribute('data-figure'),
        pageHeight: root.scrollHeight,
      };
    });
    expect(layout.findingItems).toBe(14);
    expect(layout.findings.top).toBeGreaterThanOrEqual(0);
    expect(layout.findings.bottom).toBeLessThanOrEqual(FIRST_SCREEN.height);
    expect(layout.firstFigure).toBe('headline-t0');
    // the figure starts on the first screen, with at least 40 px of it showing
    expect(layout.headline.top).toBeLessThanOrEqual(FIRST_SCREEN.height - 40);
    expect(layout.pageHeight).toBeLessThanOrEqual(PAGE_HEIGHT_BEFORE / 2);
  });

  it('starts every MSE log axis at its floor, never below 1e-4 Var(y)', async () => {
    const page = await browser!.newPage({ viewport: FIRST_SCREEN });
    await page.goto(`file://${path.join(dir, 'report.html')}`, { waitUntil: 'load' });
    const axes = await page.$$eval('figure[data-figure]', (els) =>
      els.flatMap((el) =>
        [...el.querySelectorAll('[aria-label^="Y-axis"]')].map((a) => ({
          figure: el.getAttribute('data-figure'),
          floor: el.getAttribute('data-y-floor'),
          label: a.getAttribute('aria-label') ?? '',
        })),
      ),
    );
    const mse = axes.filter((a) => /MSE/.test(a.label) && /log scale/.test(a.label));
    const floored = ['pruning-t0', 'pruning-t1', 'training-t0', 'training-t1', 'test-mse'];
    expect(new Set(mse.map((a) => a.figure))).toEqual(new Set(floored));
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
    const minVariance = Math.min(...summary.groups.map((g) => g.teacher.labelVariance));
    for (const a of mse) {
      const [lo, hi] = /values from (\S+) to (\S+)/.exec(a.label)!.slice(1).map(Number);
      const floor = Number(a.floor);
      expect({ figure: a.figure, floor: floor >= 1e-4 * minVariance }).toEqual({ figure: a.figure, floor: true });
      expect({ figure: a.figure, lo: lo >= floor * (1 - 1e-6) }).toEqual({ figure: a.figure, lo: true });
      // before the floor the pruning axis spanned 12 decades (1e-11 to 10); with it, at most 6
      expect({ figure: a.figure, decades: Math.log10(hi / lo) <= 6 }).toEqual({ figure: a.figure, decades: true });
    }
  });

  it('prints cleanly: a page break before each section, no figure cut across pages', async () => {
    const page = await browser!.newPage({ viewport: FIRST_SCREEN });
    await page.goto(`file://${path.join(dir, 'report.html')}`, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const style = await page.$eval('html', (root) => {
      const css = root.ownerDocument.defaultView!.getComputedStyle;
      return {
        breaks: [...root.querySelectorAll('section')].map((s) => `${s.id}:${css(s).breakBefore}`),
        figures: [...root.querySelectorAll('figure')].map((f) => ({
          avoid: css(f).breakInside,
          height: f.getBoundingClientRect().height,
        })),
        nav: css(root.querySelector('nav')!).display,
        // folded captions and tables print open
        folded: [...root.querySelectorAll('details')].map((d) => d.lastElementChild!.getBoundingClientRect().height),
      };
    });
    // the findings and the headline section share the first page; every later section starts a page
    expect(style.breaks).toEqual(['findings:auto', 'headline:auto', ...SECTIONS.slice(2).map((id) => `${id}:page`)]);
    expect(style.nav).toBe('none');
    expect(style.folded.length).toBeGreaterThan(20);
    expect(style.folded.filter((h) => !(h > 10))).toEqual([]);
    // A4 at 96 dpi with Chromium's default margins leaves about 1050 px: every figure fits on one page
    for (const f of style.figures) expect(f).toEqual({ avoid: 'avoid', height: expect.any(Number) });
    expect(Math.max(...style.figures.map((f) => f.height))).toBeLessThan(1000);
    const pdf = await page.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(SECTIONS.length - 1);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'report.pdf'), pdf);
  });
});
