// @spectral-ts/report: public API.
export { writeReport, buildReport } from './write-report';
export type { WriteReportOptions, WriteReportResult } from './write-report';
export { loadResults, readWeights } from './read-results';
export type { ResultsData } from './read-results';
export type { Block, FigureBlock, TableBlock, NoteBlock, CodeBlock, ReportSection } from './document';
export { escapeHtml, escapeMarkdown } from './escape';
export { formatNumber, formatStat, formatDuration } from './format';
