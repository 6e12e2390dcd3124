/**
 * cli/commands/report: `spectral report DIR [--format html,png,pdf,vl]` hands a results directory to
 * @spectral-ts/report's writeReport.
 */
import { parseFormats, writeReport, type WriteReportResult } from '@spectral-ts/report';
import { readResults } from '@spectral-ts/results';
import { asUsageError } from '../errors';

/**
 * Validates DIR as a results directory and the formats (bad input: exit 2), then writes its report (report.html,
 * report.md, figures, LaTeX tables, and the figures in the further formats). A Chromium that png/pdf cannot find is
 * reported the same way, with the command that installs it.
 */
export async function writeReportFor(dir: string, format?: string): Promise<WriteReportResult> {
  const formats = format === undefined ? undefined : format.split(',').map((f) => f.trim()).filter(Boolean);
  try {
    parseFormats(formats);
  } catch (err) {
    throw asUsageError('report', '--format', err);
  }
  try {
    readResults(dir, { requireSummary: true });
  } catch (err) {
    throw asUsageError('report', dir, err);
  }
  try {
    return await writeReport(dir, { formats });
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('report/renderFigures:')) throw asUsageError('report', '--format', err);
    throw err;
  }
}
