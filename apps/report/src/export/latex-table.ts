/**
 * report/export/latex-table: a report table as a LaTeX booktabs table (\toprule, \midrule, \bottomrule), ready to
 * \input into a paper that loads the booktabs package. Cells are text: LaTeX's special characters are escaped and
 * the report's symbols become math, so the file compiles with pdflatex as well as with xelatex or lualatex.
 */
import type { TableBlock } from '../document';

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '^': '\\textasciicircum{}',
  _: '\\_',
  '%': '\\%',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

const SYMBOL: Record<string, string> = {
  '±': '$\\pm$',
  '−': '$-$',
  '×': '$\\times$',
  '·': '$\\cdot$',
  '≥': '$\\geq$',
  '≤': '$\\leq$',
  '∈': '$\\in$',
  '∝': '$\\propto$',
  Δ: '$\\Delta$',
  β: '$\\beta$',
  '—': '---',
  '–': '--',
  '…': '\\ldots{}',
};

/** A cell's text with every special character escaped and every known symbol written as LaTeX. */
export function escapeLatex(text: string): string {
  let out = '';
  for (const ch of text.replace(/\s+/g, ' ')) out += SPECIAL[ch] ?? SYMBOL[ch] ?? ch;
  return out;
}

/** The table as a booktabs `table` environment with a caption and a label `tab:<label>`. */
export function latexTable(block: TableBlock, label: string): string {
  const row = (cells: string[]): string => `${cells.map(escapeLatex).join(' & ')} \\\\`;
  return [
    '% written by @spectral-ts/report; needs \\usepackage{booktabs}',
    '\\begin{table}[htbp]',
    '\\centering',
    `\\caption{${escapeLatex(block.title)}}`,
    `\\label{tab:${label.replace(/[^a-z0-9-]/gi, '')}}`,
    `\\begin{tabular}{${block.headers.map((_, i) => (i === 0 ? 'l' : 'r')).join('')}}`,
    '\\toprule',
    row(block.headers),
    '\\midrule',
    ...block.rows.map(row),
    '\\bottomrule',
    '\\end{tabular}',
    '\\end{table}',
    '',
  ].join('\n');
}
