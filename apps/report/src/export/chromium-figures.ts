/**
 * report/export/chromium-figures: every SVG figure also as PNG (2x pixel density) and as a one-page vector PDF of the
 * figure's own size, rendered by headless Chromium through playwright-core: the same engine the report's browser test
 * checks the page in, so a figure looks the same in the page, the PNG and the PDF.
 */
import * as fs from 'fs';
import type { Browser } from 'playwright-core';

/** Where Chromium is looked for when neither the option nor CHROMIUM_PATH names it (Debian's `chromium`). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface RasterFigure {
  name: string;
  svg: string;
}

export interface RenderedFigure {
  name: string;
  png?: Uint8Array;
  pdf?: Uint8Array;
}

function fail(message: string): never {
  throw new Error(`report/renderFigures: ${message}`);
}

/** The width and height an SVG document declares on its root element, in CSS pixels. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) fail('an SVG figure declares no width and height on its root element');
  return { width: Math.ceil(width), height: Math.ceil(height) };
}

/** The Chromium executable to use: the option, then CHROMIUM_PATH, then Debian's; refused when it is not there. */
export function resolveChromium(chromiumPath?: string): string {
  const executablePath = chromiumPath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  if (!fs.existsSync(executablePath)) {
    fail(
      `formats png and pdf need Chromium, not found at ${executablePath} ` +
        '(install it: apt-get install -y chromium, or set CHROMIUM_PATH)',
    );
  }
  return executablePath;
}

/** Renders the figures to PNG and/or PDF in one Chromium session. */
export async function renderFigures(
  figures: RasterFigure[],
  want: { png: boolean; pdf: boolean },
  chromiumPath?: string,
): Promise<RenderedFigure[]> {
  const executablePath = resolveChromium(chromiumPath);
  const { chromium } = await import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (err) {
    fail(
      `Chromium at ${executablePath} did not start: ${(err as Error).message.split('\n')[0]} ` +
        '(check the installation or set CHROMIUM_PATH)',
    );
  }
  try {
    const out: RenderedFigure[] = [];
    for (const f of figures) {
      const { width, height } = svgSize(f.svg);
      const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
      try {
        // the figure alone, at its own size, on a white page; nothing is loaded from anywhere
        await page.route('**/*', (route) => route.abort());
        await page.setContent(
          `<!DOCTYPE html><html><head><style>@page{size:${width}px ${height}px;margin:0}` +
            'html,body{margin:0;background:#fff}svg{display:block}</style></head>' +
            `<body>${f.svg.replace(/<\?xml[^>]*\?>\s*/, '')}</body></html>`,
        );
        const rendered: RenderedFigure = { name: f.name };
        if (want.png) rendered.png = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height } });
        if (want.pdf)
          rendered.pdf = await page.pdf({
            width: `${width}px`,
            height: `${height}px`,
            printBackground: true,
            pageRanges: '1',
          });
        out.push(rendered);
      } finally {
        await page.close();
      }
    }
    return out;
  } finally {
    await browser.close();
  }
}
