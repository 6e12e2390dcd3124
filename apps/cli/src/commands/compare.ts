/**
 * cli/commands/compare: `spectral compare DIR DIR... [--out OUT] [--label NAME]...` validates the results
 * directories (bad input: exit 2, naming the directory and the fix) and hands them to @spectral-ts/report's
 * writeComparison, which writes OUT/compare.html, compare.md and compare.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { writeComparison, type WriteComparisonResult } from '@spectral-ts/report';
import { readResults } from '@spectral-ts/results';
import { asUsageError, usage } from '../errors';
import type { ProgressIo } from '../progress';

/** The default output directory, relative to the working directory. */
export const DEFAULT_COMPARE_OUT = 'comparison';

export interface CompareCommandOptions {
  out?: string;
  labels?: string[];
}

function checkOut(out: string): void {
  const abs = path.resolve(out);
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) {
    usage('compare', `--out ${abs} is a file (give a directory for compare.html, compare.md and compare.json)`);
  }
}

/** Validates the input (exit 2 on bad input) and writes the comparison. */
export async function compareFor(dirs: string[], options: CompareCommandOptions = {}): Promise<WriteComparisonResult> {
  if (dirs.length < 2) {
    usage(
      'compare',
      `${dirs.length} results directory given; compare needs at least two (spectral compare DIR DIR... [--out OUT])`,
    );
  }
  for (const dir of dirs) {
    try {
      readResults(dir, { requireSummary: true });
    } catch (err) {
      throw asUsageError('compare', dir, err);
    }
  }
  const labels = options.labels?.length ? options.labels : undefined;
  if (labels && labels.length !== dirs.length) {
    usage(
      'compare',
      `${labels.length} --label for ${dirs.length} directories (give one --label per directory, in order, or none)`,
    );
  }
  const out = options.out ?? DEFAULT_COMPARE_OUT;
  checkOut(out);
  try {
    return await writeComparison(dirs, out, { labels });
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('report/compareRuns:')) usage('compare', message);
    if (/\b(EACCES|EROFS|EPERM|ENOTDIR)\b/.test(message)) throw asUsageError('compare', '--out', err);
    throw err;
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds `compare` to `program`. */
export function registerCompareCommand(program: Command, io: ProgressIo): void {
  program
    .command('compare')
    .description(
      'Put results directories side by side: each headline number of every matched (h_T, variant, N1) group per ' +
        'run with its 95% bootstrap interval, and each run minus the first with the interval of the difference.',
    )
    .argument('<dirs...>', 'two or more results directories of spectral run (the first is the baseline)')
    .option(
      '-o, --out <dir>',
      `where to write compare.html, compare.md and compare.json (default ./${DEFAULT_COMPARE_OUT})`,
    )
    .option(
      '--label <name>',
      'a name for each directory, in order (repeatable; default the directory names)',
      collect,
      [],
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 written, 2 bad input (fewer than two directories, one that is not a results directory, no common group).
Example:
  $ spectral compare results/lr-0.005 results/lr-0.01 --label lr=0.005 --label lr=0.01 --out comparison`,
    )
    .action(async (dirs: string[], opts: { out?: string; label: string[] }) => {
      const w = await compareFor(dirs, { out: opts.out, labels: opts.label });
      const c = w.comparison;
      const rows = [...c.groups.flatMap((g) => g.metrics), ...c.exponents];
      const excluding = rows.flatMap((r) => r.differences).filter((d) => d?.excludesZero).length;
      io.out(
        `comparison written: ${w.html} (${c.runs.length} runs, ${c.groups.length} groups in common, ` +
          `${excluding} differences whose interval excludes 0; markdown ${w.markdown}, json ${w.json})\n`,
      );
    });
}
