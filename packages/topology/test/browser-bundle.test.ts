/**
 * The browser-safe core: spectral, teacher-student, training, pruning and topology bundle with esbuild for the
 * browser (a Node built-in anywhere in their import graph fails the bundle), and the bundle trains a tiny experiment
 * in real headless Chromium with the same numbers as Node. Needs the Debian package `chromium` (or CHROMIUM_PATH).
 */
import * as fs from 'fs';
import * as path from 'path';
import { build, type Plugin } from 'esbuild';
import { chromium } from 'playwright-core';
import { runTinyExperiment, type TinyExperimentResult } from './browser/tiny-experiment';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PACKAGES = path.resolve(__dirname, '..', '..');
const CORE = ['statistics', 'kernel-native', 'spectral', 'teacher-student', 'training', 'pruning', 'topology'];

/** A package's browser entry where it has one (kernel-native: no addon in a browser), else its main entry. */
function entryOf(name: string): string {
  const browser = path.join(PACKAGES, name, 'src', 'browser.ts');
  return fs.existsSync(browser) ? browser : path.join(PACKAGES, name, 'src', 'index.ts');
}

// The packages' sources, as jest maps them; './node' entries are deliberately not mapped (they must not be needed).
const sources: Plugin = {
  name: 'spectral-ts-sources',
  setup(b) {
    b.onResolve({ filter: /^@spectral-ts\/[a-z-]+$/ }, (args) => {
      const name = args.path.slice('@spectral-ts/'.length);
      if (!CORE.includes(name)) return { errors: [{ text: `${args.path} is not a browser-safe core package` }] };
      return { path: entryOf(name) };
    });
  },
};

async function bundle(contents: string): Promise<{ code: string; inputs: string[] }> {
  const out = await build({
    stdin: { contents, resolveDir: path.join(__dirname, 'browser'), loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [sources],
  });
  return { code: out.outputFiles[0].text, inputs: Object.keys(out.metafile.inputs).map((i) => path.resolve(i)) };
}

const RUN_IN_PAGE =
  "import { runTinyExperiment } from './tiny-experiment';\n" +
  'runTinyExperiment().then((r) => { globalThis.__result = r; }, (e) => { globalThis.__error = String(e && e.stack || e); });\n';

describe('bundling for platform browser', () => {
  it('fails on a Node built-in (the check is real): the ./node entry of spectral does not bundle', async () => {
    await expect(bundle(`import '${path.join(PACKAGES, 'spectral', 'src', 'node.ts')}';`)).rejects.toThrow(
      /Could not resolve "(fs|path)"/,
    );
  });
  it('succeeds for the five core packages, none of whose modules reads files', async () => {
    const { inputs } = await bundle(RUN_IN_PAGE);
    for (const name of CORE) expect(inputs).toContain(entryOf(name));
    expect(inputs.filter((i) => /model-io|spectral\/src\/node/.test(i))).toEqual([]);
  });
});

const describeChromium = fs.existsSync(CHROMIUM) ? describe : describe.skip;
if (!fs.existsSync(CHROMIUM))
  console.warn(`browser-bundle.test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describeChromium('the core packages in a browser', () => {
  it('bundle for platform browser and train a tiny experiment in Chromium exactly as in Node', async () => {
    const { code } = await bundle(RUN_IN_PAGE);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto('about:blank');
      await page.addScriptTag({ content: code });
      await page.waitForFunction(() => '__result' in globalThis || '__error' in globalThis, undefined, {
        timeout: 60000,
      });
      const failure = await page.evaluate(() => (globalThis as { __error?: string }).__error);
      expect(failure).toBeUndefined();
      expect(errors).toEqual([]);
      const inBrowser = await page.evaluate(
        () => (globalThis as unknown as { __result: TinyExperimentResult }).__result,
      );
      const inNode = await runTinyExperiment();

      expect(inBrowser.backend).toBe('cpu');
      expect(inBrowser.engine).toBe('wasm-simd');
      expect(inBrowser.status).toBe('ok');
      expect(inBrowser.trainLosses).toHaveLength(8);
      // it learned: the loss fell over the eight epochs
      expect(inBrowser.trainLosses[7]).toBeLessThan(0.8 * inBrowser.trainLosses[0]);
      expect(inBrowser.gexfNodes).toBeGreaterThan(10);
      // the same wasm kernel and float64 analysis on both sides
      expect(inBrowser).toEqual(inNode);
    } finally {
      await browser.close();
    }
  });
});
