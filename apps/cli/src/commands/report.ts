/**
 * cli/commands/report: `spectral report DIR` hands a results directory to @spectral-ts/report's writeReport.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeReport, type WriteReportResult } from '@spectral-ts/report';
import { readResults } from '@spectral-ts/results';
import { asUsageError, usage } from '../errors';

/** Error codes that mean "this directory cannot be written": bad input (exit 2), not an internal fault. */
const UNWRITABLE = /\b(EACCES|EROFS|EPERM)\b/;

/** Refuses a results directory the report cannot be written into, before anything is drawn. */
function checkWritable(dir: string): void {
  const probe = path.join(dir, `.spectral-report-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    usage('report', `cannot write the report into ${path.resolve(dir)}: ${code} (make the directory writable, or copy it somewhere writable and run spectral report on the copy)`);
  }
}

/** Validates DIR as a results directory (bad input: exit 2), then writes its report (report.html, report.md, figures). */
export async function writeReportFor(dir: string): Promise<WriteReportResult> {
  try {
    readResults(dir, { requireSummary: true });
  } catch (err) {
    throw asUsageError('report', dir, err);
  }
  checkWritable(dir);
  try {
    return await writeReport(dir);
  } catch (err) {
    if (UNWRITABLE.test((err as Error).message)) throw asUsageError('report', dir, err);
    throw err;
  }
}
