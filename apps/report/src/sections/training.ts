/**
 * report/sections/training: section 2, the loss curves: training loss (MSE + L2 penalty) and validation MSE per epoch,
 * mean +- one standard deviation over the trials of each (variant, N1), on a log axis.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupSummary } from '@spectral-ts/results';
import { note, table, type Block, type ReportSection } from '../document';
import { formatNumber, formatStat } from '../format';
import { hiddenSizesOf, positive, sortedGroups, teacherLabel, teacherSuffix } from '../groups';
import { atFloor, logFloor } from '../log-floor';
import { LINE_LEGEND, LOG_AXIS, renderFigure } from '../vega-svg';
import type { SectionContext } from './context';

/** At most this many epochs are drawn per curve (evenly spaced, always the last): 2000-epoch runs stay light. */
const MAX_POINTS_PER_CURVE = 200;

const CAPTION =
  'How training went. Each panel shows one training variant (rows) and one quantity (columns): the training loss ' +
  '(the MSE plus the L2 penalty, averaged over the batches of an epoch) and the MSE on the validation rows. One colour ' +
  'per student size N1; the line is the mean over the trials that finished and the shaded band is mean ± one standard ' +
  'deviation (its lower edge is clipped to 1% of the mean where mean − std would not be positive). The y axis is ' +
  'logarithmic, so equal vertical steps are equal factors; it starts at 1e-4·Var(y) or the smallest value, whichever ' +
  'is larger, and anything below is drawn on that floor. Flat ends mean training converged; the training loss sits ' +
  'above the validation MSE when the penalty dominates, which is expected for spectral training.';

/** Evenly spaced indices into a list of length n, at most `max` of them, always including the last. */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(Math.round((k * (n - 1)) / (max - 1)));
  return [...out];
}

function rows(groups: GroupSummary[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const g of groups) {
    const h = g.history ?? [];
    for (const i of thinIndices(h.length, MAX_POINTS_PER_CURVE)) {
      const p = h[i];
      const measures: [string, typeof p.loss | undefined][] = [
        ['training loss', p.loss],
        ['validation MSE', p.valMse],
      ];
      for (const [measure, s] of measures) {
        if (!s || !positive(s.mean)) continue;
        const lo = s.mean - s.std > 0 ? s.mean - s.std : s.mean * 0.01;
        out.push({
          variant: g.variant,
          N1: g.hidden,
          epoch: p.epoch,
          measure,
          mean: s.mean,
          lo,
          hi: s.mean + (Number.isFinite(s.std) ? s.std : 0),
        });
      }
    }
  }
  return out;
}

export async function trainingSection(ctx: SectionContext): Promise<ReportSection> {
  const blocks: Block[] = [];
  for (const teacher of ctx.teachers) {
    const groups = sortedGroups(ctx.data.summary.groups.filter((g) => g.teacher.index === teacher.index));
    const raw = rows(groups);
    const floor =
      logFloor(
        raw.flatMap((v) => [v.mean as number, v.lo as number]),
        teacher.labelVariance,
      ) ?? 1;
    const values = raw.map((v) => ({
      ...v,
      lo: atFloor(v.lo as number, floor).value,
      mean: atFloor(v.mean as number, floor).value,
    }));
    const suffix = teacherSuffix(teacher, ctx.teachers.length);
    const label = ctx.teachers.length > 1 ? ` — ${teacherLabel(teacher)}` : '';
    if (!values.length) {
      blocks.push(note(`No loss history to draw${label}: the groups carry no positive loss values.`));
      continue;
    }
    const color = {
      field: 'N1',
      type: 'ordinal',
      title: 'N1',
      scale: { scheme: 'viridis', domain: hiddenSizesOf(groups) },
    } as const;
    const spec: TopLevelSpec = {
      data: { values },
      facet: {
        row: { field: 'variant', type: 'nominal', title: 'variant', sort: ctx.variants },
        column: { field: 'measure', type: 'nominal', title: null, sort: ['training loss', 'validation MSE'] },
      },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 300,
        height: 125,
        layer: [
          {
            mark: { type: 'area', opacity: 0.18 },
            encoding: {
              x: { field: 'epoch', type: 'quantitative' },
              y: { field: 'lo', type: 'quantitative', scale: { type: 'log', domainMin: floor } },
              y2: { field: 'hi' },
              color: { ...color, legend: LINE_LEGEND },
            },
          },
          {
            mark: { type: 'line', strokeWidth: 1.6 },
            encoding: {
              x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
              y: {
                field: 'mean',
                type: 'quantitative',
                scale: { type: 'log', domainMin: floor },
                title: 'MSE (log)',
                axis: LOG_AXIS,
              },
              color,
            },
          },
        ],
      },
    };
    blocks.push({
      kind: 'figure',
      name: `training${suffix}`,
      title: `Loss curves, mean ± std over trials${label}`,
      ...(await renderFigure(spec)),
      alt: 'Training loss and validation MSE against epoch, one line per student size, per variant.',
      yFloor: floor,
    });
    blocks.push(
      table(
        `Last epoch, mean ± std over trials${label}`,
        ['variant', 'N1', 'trials', 'epochs', 'training loss', 'validation MSE'],
        groups.map((g) => {
          const last = g.history?.[g.history.length - 1];
          return [
            g.variant,
            formatNumber(g.hidden),
            formatNumber(g.trials),
            last ? formatNumber(last.epoch) : 'n/a',
            formatStat(last?.loss),
            formatStat(last?.valMse),
          ];
        }),
      ),
    );
  }
  return { id: 'training', title: 'Training', caption: CAPTION, blocks };
}
