/**
 * cli/commands/report: `spectral report DIR` hands a results directory to @spectral-ts/report's writeReport.
 */
import { writeReport, type WriteReportResult } from '@spectral-ts/report';
import { readResults } from '@spectral-ts/results';
import { asUsageError } from '../errors';

/** Validates DIR as a results directory (bad input: exit 2), then writes its report (report.html, report.md, figures). */
export async function writeReportFor(dir: string): Promise<WriteReportResult> {
  try {
    readResults(dir, { requireSummary: true });
  } catch (err) {
    throw asUsageError('report', dir, err);
  }
  return writeReport(dir);
}
