/**
 * report/sections/setup: section 1, the run itself: resolved config, backend, versions, wall time, trials finished and
 * failed with the reasons of the failures, and any file of the results directory that could not be read.
 */
import { table, note, type Block, type ReportSection } from '../document';
import { formatDuration, formatNumber } from '../format';
import { teacherLabel } from '../groups';
import type { SectionContext } from './context';

const CAPTION =
  'What was run and on what. The first table is the run itself (backend, workers, wall time, how many trials ' +
  'finished and how many failed); then the tool versions, the teachers the students learned from (h_T is the ' +
  "teacher's first hidden size, the number every later figure compares against; Var(y) is the variance of the test " +
  'labels, the scale of every MSE), the failed trials with the reason each one gave, and finally the resolved ' +
  'configuration exactly as the CLI wrote it (every default filled in). Failed trials are left out of every mean below.';

export function setupSection(ctx: SectionContext): ReportSection {
  const { summary, trials, config, problems, dir } = ctx.data;
  const ok = trials.filter((t) => t.status === 'ok').length;
  const blocks: Block[] = [];
  blocks.push(
    table(
      'Run',
      ['item', 'value'],
      [
        ['results directory', dir],
        ['backend', summary.backend],
        ['workers', formatNumber(summary.workers)],
        ['started', summary.startedAt],
        ['finished', summary.finishedAt],
        ['wall time', formatDuration(summary.wallSeconds)],
        [
          'complete',
          summary.complete === undefined
            ? 'not recorded'
            : summary.complete
              ? 'yes: every planned trial has a record'
              : 'no: the run is in progress or was interrupted (resume it with --resume)',
        ],
        ...(summary.unitsTotal !== undefined
          ? [
              [
                'units of work finished / planned',
                `${formatNumber(summary.unitsFinished ?? 0)} / ${formatNumber(summary.unitsTotal)}`,
              ],
            ]
          : []),
        ['trials planned', formatNumber(summary.trialsTotal)],
        ['trials finished', formatNumber(summary.trialsFinished)],
        ['trials failed', formatNumber(summary.trialsFailed)],
        ['trial records found (ok / failed)', `${trials.length} (${ok} / ${trials.length - ok})`],
        ['groups (teacher x variant x N1)', formatNumber(summary.groups.length)],
        [
          'training engines',
          [...new Set(trials.map((t) => t.engine).filter((e): e is string => typeof e === 'string'))].join(', ') ||
            'not recorded',
        ],
        ['results schema version', formatNumber(summary.schemaVersion)],
      ],
    ),
  );
  if (summary.sessions?.length) {
    blocks.push(
      table(
        'Sessions (a resumed run has several)',
        ['started', 'wall time', 'backend', 'workers', 'units run'],
        summary.sessions.map((s) => [
          s.startedAt,
          formatDuration(s.wallSeconds),
          s.backend,
          formatNumber(s.workers),
          formatNumber(s.unitsRun),
        ]),
      ),
    );
  }
  for (const w of summary.warnings ?? []) blocks.push(note(`Analysis warning: ${w}`));
  const versions = Object.entries(summary.versions ?? {});
  blocks.push(
    versions.length
      ? table(
          'Versions',
          ['tool', 'version'],
          versions.map(([k, v]) => [k, String(v)]),
        )
      : note('summary.json lists no versions.'),
  );
  blocks.push(
    table(
      'Teachers',
      ['teacher', 'kind', 'hidden sizes', 'h_T', 'Var(y) of the test labels'],
      ctx.teachers.map((t) => [
        teacherLabel(t),
        t.kind,
        t.hidden.join(' x ') || '(none)',
        formatNumber(t.size),
        formatNumber(t.labelVariance),
      ]),
    ),
  );

  // Failures: the trial records are the primary source; the summary's per-group lists catch records not on disk.
  const failures = new Map<string, string[]>();
  for (const t of trials.filter((r) => r.status !== 'ok')) {
    failures.set(t.id, [
      t.id,
      teacherLabel(t.teacher),
      t.variant,
      formatNumber(t.hidden),
      t.reason ?? '(no reason given)',
    ]);
  }
  const diverged = summary.diverged ?? [];
  if (diverged.length) blocks.push(note(divergedNote(diverged.map((d) => d.id))));
  for (const g of summary.groups) {
    for (const f of g.failures ?? []) {
      if (!failures.has(f.id))
        failures.set(f.id, [
          f.id,
          teacherLabel(g.teacher),
          g.variant,
          formatNumber(g.hidden),
          f.reason || '(no reason given)',
        ]);
    }
  }
  blocks.push(
    failures.size
      ? table('Failed trials', ['trial', 'teacher', 'variant', 'N1', 'reason'], [...failures.values()])
      : note('No trial failed.'),
  );
  if (problems.length) blocks.push(note(`Problems reading the results directory: ${problems.join('; ')}.`));
  blocks.push(
    config === undefined
      ? note('config.json is missing: the resolved configuration cannot be shown.')
      : { kind: 'code', title: 'Resolved configuration (config.json)', text: compactJson(config) },
  );
  return { id: 'setup', title: 'Setup', caption: CAPTION, blocks, appendix: true };
}

/** At most this many diverged trial ids are named in the note; the table below lists every one. */
const DIVERGED_NAMED = 10;

/** One sentence naming the diverged trials (the first few), which every statistic and figure leaves out. */
export function divergedNote(ids: string[]): string {
  const named = ids.slice(0, DIVERGED_NAMED).join(', ');
  const more = ids.length > DIVERGED_NAMED ? ` and ${ids.length - DIVERGED_NAMED} more` : '';
  return `${ids.length} trial${ids.length > 1 ? 's' : ''} diverged and ${ids.length > 1 ? 'are' : 'is'} left out of every statistic and figure: ${named}${more} (the reasons and the fix are in the table of failed trials).`;
}

/** JSON indented by 2, but with arrays of numbers, strings and booleans kept on one line (the config is mostly those). */
export function compactJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /\[\s*\n([^[\]{}]*?)\n\s*\]/g,
    (_m, inner: string) =>
      `[${inner
        .split('\n')
        .map((l) => l.trim())
        .join(' ')}]`,
  );
}
