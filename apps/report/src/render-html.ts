/**
 * report/render-html: the report as one self-contained HTML page: CSS inline, every figure inlined as SVG, no script,
 * no font, no image, no link to anything outside the page. Every string that came from the results directory is
 * escaped here (tables, notes, captions, the config), and the SVGs are made safe to share one document.
 */
import type { Block, FigureBlock, Finding, ReportSection, TableBlock } from './document';
import { escapeHtml } from './escape';

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: #1d1d1f; background: #fafafa; margin: 0; }
main { max-width: 1240px; margin: 0 auto; padding: 12px 24px 48px; background: #fff; }
h1 { font-size: 22px; margin: 4px 0 0; }
h2 { font-size: 20px; margin: 28px 0 6px; padding-top: 10px; border-top: 1px solid #ddd; }
h3 { font-size: 15px; margin: 14px 0 4px; }
p.caption { color: #333; margin: 4px 0 8px; }
p.meta { color: #666; margin: 0 0 4px; font-size: 13px; }
nav ol { display: flex; flex-wrap: wrap; gap: 2px 18px; list-style: none; padding: 0; margin: 0 0 6px;
  font-size: 13px; }
section.findings { border: 2px solid #1f77b4; border-radius: 6px; padding: 2px 14px 6px; background: #f4f8fc; }
section.findings h2 { border-top: 0; margin: 4px 0 0; padding-top: 0; font-size: 18px; }
section.findings p.caption { font-size: 13px; color: #555; margin: 0 0 4px; }
ul.findings { list-style: none; padding: 0; margin: 0; font-size: 14px; line-height: 1.4; }
ul.findings li { margin: 3px 0; padding-left: 92px; text-indent: -92px; }
.verdict { display: inline-block; width: 84px; margin-right: 8px; text-indent: 0; text-align: center; font-size: 12px;
  font-weight: bold; border-radius: 3px; color: #fff; }
.verdict.holds { background: #2e7d32; }
.verdict.fails { background: #c62828; }
.verdict.unchecked { background: #757575; }
.figure-row { display: flex; flex-wrap: wrap; gap: 4px 24px; align-items: flex-start; }
figure { margin: 8px 0; overflow-x: auto; max-width: 100%; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-weight: bold; margin-bottom: 4px; font-size: 14px; }
figcaption a { font-weight: normal; font-size: 12px; margin-left: 8px; }
table { border-collapse: collapse; margin: 4px 0 8px; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td { font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
details { margin: 4px 0; }
details > summary { cursor: pointer; font-weight: bold; font-size: 14px; }
details.caption > summary { font-weight: normal; font-size: 15px; color: #333; }
details.caption .more { font-size: 12px; color: #1f5fa8; margin-left: 4px; }
.note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 4px 12px; margin: 6px 0; }
pre { background: #f5f5f5; padding: 12px; overflow: auto; max-height: 420px; font-size: 12px; }
@media print {
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  nav, figcaption a { display: none; }
  section { break-before: page; }
  section.findings, section#findings + section { break-before: auto; }
  figure, table, .figure-row, ul.findings li { break-inside: avoid; }
  h2, h3, figcaption, summary { break-after: avoid; }
  figure { overflow: visible; }
  pre { max-height: none; white-space: pre-wrap; }
  /* paper cannot be clicked: every folded caption and table prints open */
  details::details-content { content-visibility: visible; display: block; }
  details > summary { list-style: none; }
  details.caption .more { display: none; }
}
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

/**
 * Every table folds into a details element (its title and row count stay visible), so that the figures follow one
 * another and the key findings carry the numbers; the Markdown keeps every table open.
 */
function renderTable(block: TableBlock): string {
  const head = `<tr>${block.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = block.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const grid = `<div class="table-wrap"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
  const rows = `${block.rows.length} row${block.rows.length === 1 ? '' : 's'}`;
  return `<details${block.open ? ' open' : ''}><summary>${escapeHtml(block.title)} (table, ${rows})</summary>${grid}</details>`;
}

function renderFigure(block: FigureBlock): string {
  const floor = block.yFloor !== undefined ? ` data-y-floor="${block.yFloor}"` : '';
  // the link is relative to the page: figures/ sits next to report.html wherever the report is written
  const link = `<a href="figures/${escapeHtml(block.name)}.svg">SVG</a>`;
  const name = escapeHtml(block.name);
  return (
    `<figure id="fig-${name}" data-figure="${name}"${floor}>` +
    `<figcaption>${escapeHtml(block.title)}${link}</figcaption>` +
    `<div role="img" aria-label="${escapeHtml(block.alt)}">${inlineSvg(block.svg, `f-${block.name}`)}</div></figure>`
  );
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'figure':
      return renderFigure(block);
    case 'table':
      return renderTable(block);
    case 'note':
      return `<p class="note">${escapeHtml(block.text)}</p>`;
    case 'code':
      return `<details><summary>${escapeHtml(block.title)}</summary><pre>${escapeHtml(block.text)}</pre></details>`;
    case 'findings':
      return `<ul class="findings">${block.items.map(renderFinding).join('')}</ul>`;
  }
}

export const VERDICT_LABEL = { holds: 'holds', fails: 'does not hold', unchecked: 'not checked' } as const;

function renderFinding(f: Finding): string {
  const badge = `<span class="verdict ${f.verdict}">${VERDICT_LABEL[f.verdict]}</span>`;
  return `<li data-verdict="${f.verdict}">${badge}${escapeHtml(f.text)}</li>`;
}

/** The caption's first sentence is shown; the rest (how to read the figures) folds under it, except in the findings. */
function renderCaption(s: ReportSection): string {
  const cut = s.caption.indexOf('. ');
  if (s.id === 'findings' || cut < 0) return `<p class="caption">${escapeHtml(s.caption)}</p>`;
  const first = s.caption.slice(0, cut + 1);
  const rest = s.caption.slice(cut + 2);
  const summary = `<summary>${escapeHtml(first)} <span class="more">How to read it</span></summary>`;
  return `<details class="caption">${summary}<p class="caption">${escapeHtml(rest)}</p></details>`;
}

/** Consecutive figures share a row when they fit side by side, so narrow figures do not each take a full line. */
function renderBlocks(blocks: Block[]): string {
  const out: string[] = [];
  let row: string[] = [];
  const flush = (): void => {
    if (row.length) out.push(`<div class="figure-row">${row.join('')}</div>`);
    row = [];
  };
  for (const b of blocks) {
    if (b.kind === 'figure') row.push(renderFigure(b));
    else {
      flush();
      out.push(renderBlock(b));
    }
  }
  flush();
  return out.join('\n');
}

export interface PageMeta {
  title: string;
  subtitle: string;
}

/** The whole page. */
export function renderHtml(sections: ReportSection[], meta: PageMeta): string {
  const toc = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  const body = sections
    .map((s) => {
      const cls = s.id === 'findings' ? ' class="findings"' : s.appendix ? ' class="appendix"' : '';
      const head = `<section id="${escapeHtml(s.id)}" data-section="${escapeHtml(s.id)}"${cls}>`;
      return `${head}<h2>${escapeHtml(s.title)}</h2>${renderCaption(s)}\n${renderBlocks(s.blocks)}\n</section>`;
    })
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
