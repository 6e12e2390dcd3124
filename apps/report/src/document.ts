/**
 * report/document: the report as data. Each section is a title, a plain-language caption and a list of blocks (figures,
 * tables, notes); the HTML and the Markdown renderers both walk this one structure, so the two files carry the same
 * numbers by construction.
 */

/** A rendered figure: an SVG document and the file stem it is written under (DIR/figures/<name>.svg). */
export interface FigureBlock {
  kind: 'figure';
  /** File stem, [a-z0-9-] only (it becomes a file name and an id). */
  name: string;
  title: string;
  /** A complete standalone SVG document. */
  svg: string;
  /** One-sentence text alternative for the figure. */
  alt: string;
}

/** A table of already formatted cells. Cells are plain text: the renderers escape them. */
export interface TableBlock {
  kind: 'table';
  title: string;
  headers: string[];
  rows: string[][];
}

/** A short note, e.g. why a figure is missing. Plain text: the renderers escape it. */
export interface NoteBlock {
  kind: 'note';
  text: string;
}

/** Preformatted text (the resolved config). Plain text: the renderers escape it. */
export interface CodeBlock {
  kind: 'code';
  title: string;
  text: string;
}

export type Block = FigureBlock | TableBlock | NoteBlock | CodeBlock;

export interface ReportSection {
  /** Anchor id, [a-z0-9-] only. */
  id: string;
  title: string;
  /** One paragraph: what the section shows and how to read it. Plain text: the renderers escape it. */
  caption: string;
  blocks: Block[];
}

/** A short note block. */
export function note(text: string): NoteBlock {
  return { kind: 'note', text };
}

/** A table block. */
export function table(title: string, headers: string[], rows: string[][]): TableBlock {
  return { kind: 'table', title, headers, rows };
}
