// @spectral-ts/report: public API.
export { writeReport, buildReport, parseFormats, REPORT_FORMATS } from './write-report';
export type { ReportFormat, WriteReportOptions, WriteReportResult } from './write-report';
export { latexTable, escapeLatex } from './export/latex-table';
export { loadResults, readWeights } from './read-results';
export type { ResultsData } from './read-results';
export type {
  Block,
  FigureBlock,
  Finding,
  FindingsBlock,
  TableBlock,
  NoteBlock,
  CodeBlock,
  ReportSection,
  Verdict,
} from './document';
export { escapeHtml, escapeMarkdown } from './escape';
export { formatNumber, formatStat, formatDuration } from './format';
export { writeComparison, compareRuns } from './compare';
export type {
  CompareOptions,
  Comparison,
  ComparedExponent,
  ComparedGroup,
  ComparedRun,
  Difference,
  MetricRow,
  RunValue,
  WriteComparisonOptions,
  WriteComparisonResult,
} from './compare';
