/**
 * report/render-html: the report as one self-contained HTML page: CSS inline, every figure inlined as SVG, no script,
 * no font, no image, no link to anything outside the page. Every string that came from the results directory is
 * escaped here (tables, notes, captions, the config), and the SVGs are made safe to share one document.
 */
import type { Block, ReportSection } from './document';
import { escapeHtml } from './escape';

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: #1d1d1f; background: #fafafa; margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 21px; margin: 40px 0 8px; padding-top: 12px; border-top: 1px solid #ddd; }
h3 { font-size: 16px; margin: 22px 0 6px; }
p.caption { max-width: 900px; color: #333; }
p.meta { color: #666; margin-top: 0; }
nav ol { columns: 2; max-width: 700px; }
figure { margin: 16px 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-weight: bold; margin-bottom: 6px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td { font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
.note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 6px 12px; max-width: 900px; }
pre { background: #f5f5f5; padding: 12px; overflow: auto; max-height: 420px; font-size: 12px; }
`;

/**
 * Prepares a standalone SVG for inlining: drops the XML prolog and namespace declarations (HTML puts <svg> in the SVG
 * namespace itself, and the page then contains no URL at all), and prefixes every id so that two figures' clip paths
 * (Vega numbers them from 1 in every SVG) cannot capture each other.
 */
export function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/, '')
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/(xlink:)?href="#([^"]+)"/g, `href="#${prefix}-$2"`);
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'figure':
      return `<figure id="fig-${escapeHtml(block.name)}" data-figure="${escapeHtml(block.name)}"><figcaption>${escapeHtml(block.title)}</figcaption><div role="img" aria-label="${escapeHtml(block.alt)}">${inlineSvg(block.svg, `f-${block.name}`)}</div></figure>`;
    case 'table': {
      const head = `<tr>${block.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
      const body = block.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
      return `<h3>${escapeHtml(block.title)}</h3><div class="table-wrap"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
    }
    case 'note':
      return `<p class="note">${escapeHtml(block.text)}</p>`;
    case 'code':
      return `<h3>${escapeHtml(block.title)}</h3><pre>${escapeHtml(block.text)}</pre>`;
  }
}

export interface PageMeta {
  title: string;
  subtitle: string;
}

/** The whole page. */
export function renderHtml(sections: ReportSection[], meta: PageMeta): string {
  const toc = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  const body = sections
    .map((s) => `<section id="${escapeHtml(s.id)}" data-section="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2><p class="caption">${escapeHtml(s.caption)}</p>\n${s.blocks.map(renderBlock).join('\n')}\n</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(meta.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(meta.title)}</h1>
<p class="meta">${escapeHtml(meta.subtitle)}</p>
<nav><ol>${toc}</ol></nav>
${body}
</main>
</body>
</html>
`;
}
