/**
 * report/render-markdown: the same report as Markdown: the same tables and notes, figures as links to figures/*.svg.
 * Table cells and notes are escaped (Markdown passes raw HTML through).
 */
import type { Block, ReportSection } from './document';
import { escapeMarkdown } from './escape';
import { VERDICT_LABEL, type PageMeta } from './render-html';

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'figure':
      return `![${escapeMarkdown(block.title)}](figures/${block.name}.svg)\n\n*Figure: ${escapeMarkdown(block.title)}* (\`figures/${block.name}.svg\`)`;
    case 'table': {
      const line = (cells: string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
      return [
        `**${escapeMarkdown(block.title)}**`,
        '',
        line(block.headers),
        `|${block.headers.map(() => ' --- ').join('|')}|`,
        ...block.rows.map(line),
      ].join('\n');
    }
    case 'note':
      return `> Note: ${escapeMarkdown(block.text)}`;
    case 'findings':
      return block.items.map((f) => `- **${VERDICT_LABEL[f.verdict]}**: ${escapeMarkdown(f.text)}`).join('\n');
    case 'code': {
      const f = fence(block.text);
      return `**${escapeMarkdown(block.title)}**\n\n${f}json\n${block.text}\n${f}`;
    }
  }
}

/** The whole Markdown document. */
export function renderMarkdown(sections: ReportSection[], meta: PageMeta): string {
  const parts = [`# ${escapeMarkdown(meta.title)}`, '', escapeMarkdown(meta.subtitle), ''];
  for (const s of sections) {
    parts.push(`## ${escapeMarkdown(s.title)}`, '', escapeMarkdown(s.caption), '');
    for (const b of s.blocks) parts.push(renderBlock(b), '');
  }
  return parts.join('\n');
}
