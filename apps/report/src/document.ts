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
  /** The Vega-Lite spec with its data, written as figures/<name>.vl.json (absent for hand-drawn figures). */
  spec?: object;
  /** The lowest value a log y axis shows (the log-floor rule); values below it are drawn at it and marked. */
  yFloor?: number;
}

/** A table of already formatted cells. Cells are plain text: the renderers escape them. */
export interface TableBlock {
  kind: 'table';
  title: string;
  headers: string[];
  rows: string[][];
  /** File stem under which a headline table is also written as LaTeX (tables/<latex>.tex). */
  latex?: string;
  /** Shown unfolded in the page (a page whose tables are its content, such as the comparison). */
  open?: boolean;
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

/** Whether a finding holds against the method's expectations ('unchecked': the method states none, or too few data). */
export type Verdict = 'holds' | 'fails' | 'unchecked';

/** One key finding. */
export interface Finding {
  /** Short name of what is checked, e.g. "plateau". */
  topic: string;
  verdict: Verdict;
  /** One sentence with the number, its interval and the expectation (plain text: the renderers escape it). */
  text: string;
}

/** The key findings: one sentence each, with whether it holds against the method's expectations. */
export interface FindingsBlock {
  kind: 'findings';
  items: Finding[];
}

export type Block = FigureBlock | TableBlock | NoteBlock | CodeBlock | FindingsBlock;

export interface ReportSection {
  /** Anchor id, [a-z0-9-] only. */
  id: string;
  title: string;
  /** One paragraph: what the section shows and how to read it. Plain text: the renderers escape it. */
  caption: string;
  blocks: Block[];
  /** Shown after every other section, folded (setup, versions, sessions, configuration). */
  appendix?: boolean;
}

/** A short note block. */
export function note(text: string): NoteBlock {
  return { kind: 'note', text };
}

/** A table block. */
export function table(title: string, headers: string[], rows: string[][]): TableBlock {
  return { kind: 'table', title, headers, rows };
}
