// @spectral-ts/report: public API.
export { writeReport, buildReport, parseFormats, REPORT_FORMATS } from './write-report';
export type { ReportFormat, WriteReportOptions, WriteReportResult } from './write-report';
export { latexTable, escapeLatex } from './export/latex-table';
export { loadResults, readWeights } from './read-results';
export type { ResultsData } from './read-results';
export type { Block, FigureBlock, FindingsBlock, TableBlock, NoteBlock, CodeBlock, ReportSection } from './document';
export type { Finding, Verdict } from './findings/key-findings';
export { escapeHtml, escapeMarkdown } from './escape';
export { formatNumber, formatStat, formatDuration } from './format';
