/**
 * cli/commands/report: `spectral report DIR [--format html,png,pdf,vl]` hands a results directory to
 * @spectral-ts/report's writeReport.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseFormats, writeReport, type WriteReportResult } from '@spectral-ts/report';
import { readResults, WRITE_PROBE_PREFIX } from '@spectral-ts/results';
import { asUsageError, usage } from '../errors';

/** Error codes that mean "this directory cannot be written": bad input (exit 2), not an internal fault. */
const UNWRITABLE = /\b(EACCES|EROFS|EPERM)\b/;

/** Refuses a results directory the report cannot be written into, before anything is drawn. */
function checkWritable(dir: string): void {
  const probe = path.join(dir, `${WRITE_PROBE_PREFIX}report-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    usage(
      'report',
      `cannot write the report into ${path.resolve(dir)}: ${code} (make the directory writable, or copy it somewhere writable and run spectral report on the copy)`,
    );
  }
}

/**
 * Validates DIR as a results directory and the formats (bad input: exit 2), then writes its report (report.html,
 * report.md, figures, LaTeX tables, and the figures in the further formats). A Chromium that png/pdf cannot find is
 * reported the same way, with the command that installs it.
 */
export async function writeReportFor(dir: string, format?: string): Promise<WriteReportResult> {
  const formats =
    format === undefined
      ? undefined
      : format
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean);
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
  checkWritable(dir);
  try {
    return await writeReport(dir, { formats });
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('report/renderFigures:'))
      throw asUsageError('report', '--format', err);
    if (UNWRITABLE.test((err as Error).message)) throw asUsageError('report', dir, err);
    throw err;
  }
}
