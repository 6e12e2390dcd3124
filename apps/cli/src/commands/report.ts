/**
 * cli/commands/report: `spectral report DIR` hands a results directory to @spectral-ts/report's writeReport.
 */
import * as report from '@spectral-ts/report';
import { readResults } from '@spectral-ts/results';
import { asUsageError, usage } from '../errors';

export async function writeReportFor(dir: string): Promise<unknown> {
  try {
    readResults(dir, { requireSummary: true });
  } catch (err) {
    throw asUsageError('report', dir, err);
  }
  const writeReport = (report as unknown as { writeReport?: (dir: string) => Promise<unknown> | unknown }).writeReport;
  if (typeof writeReport !== 'function') {
    usage('report', 'this build of @spectral-ts/report has no writeReport yet (the report package has not landed; the results directory itself is complete: summary.json and the CSV files)');
  }
  return writeReport(dir);
}
