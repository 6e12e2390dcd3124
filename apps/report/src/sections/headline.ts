/**
 * report/sections/headline: section 3, the paper's headline: the student's effective size against its width N1, for
 * both variants, with the teacher's h_T as a dashed line (method spec §5.2). Two estimators side by side: the average
 * dimension (scores >= 0.05 of the pooled maximum) and n* from the pruning rank curve.
 */
import type { TopLevelSpec } from 'vega-lite';
import { note, table, type Block, type ReportSection } from '../document';
import { formatNumber, formatStat } from '../format';
import { finite, positive, sortedGroups, teacherLabel, teacherSuffix } from '../groups';
import { renderFigure, variantColorScale } from '../vega-svg';
import type { SectionContext } from './context';

const AVG = 'average dimension (score ≥ 0.05 · max)';
const NSTAR = 'n* (smallest size within tolerance)';

const CAPTION =
  'The headline: spectral training should keep about h_T nodes whatever N1 is, direct training nearly all N1. ' +
  'For every student width N1 (x axis) the left panel counts the first-layer nodes that stay ' +
  'switched on: those whose score is at least 5% of the largest score pooled over the trials of that size (method ' +
  'spec §5.2; mean ± std over trials). The right panel gives n*, the smallest number of nodes the pruning curve can ' +
  'keep while the test error stays within tolerance (mean with a 95% bootstrap interval). The dashed black line is ' +
  "the teacher's hidden size h_T and the dotted grey line is y = N1 (no compression). Spectral training should sit " +
  'on the dashed line for every N1 ≥ h_T; direct training follows the dotted line. Both axes are logarithmic.';

export async function headlineSection(ctx: SectionContext): Promise<ReportSection> {
  const blocks: Block[] = [];
  for (const teacher of ctx.teachers) {
    const groups = sortedGroups(ctx.data.summary.groups.filter((g) => g.teacher.index === teacher.index));
    const suffix = teacherSuffix(teacher, ctx.teachers.length);
    const label = ctx.teachers.length > 1 ? ` — ${teacherLabel(teacher)}` : '';
    const values: Record<string, unknown>[] = [];
    for (const g of groups) {
      const a = g.averageDimension;
      if (a && positive(a.mean))
        values.push({
          quantity: AVG,
          variant: g.variant,
          N1: g.hidden,
          mean: a.mean,
          lo: Math.max(a.mean - a.std, 1),
          hi: a.mean + a.std,
          hT: teacher.size,
        });
      const e = g.effectiveSize;
      if (e && positive(e.mean))
        values.push({
          quantity: NSTAR,
          variant: g.variant,
          N1: g.hidden,
          mean: e.mean,
          lo: Math.max(finite(e.ci?.[0]) ? e.ci[0] : e.mean, 1),
          hi: finite(e.ci?.[1]) ? e.ci[1] : e.mean,
          hT: teacher.size,
        });
    }
    if (!values.length) {
      blocks.push(note(`Nothing to draw${label}: no group has an average dimension yet.`));
      continue;
    }
    const hasNStar = groups.some((g) => g.effectiveSize);
    // explicit log domains with a margin, so that h_T and N1 never sit on the frame (e.g. h_T = min N1 = 10)
    const n1s = groups.map((g) => g.hidden).filter(positive);
    const ys = values
      .flatMap((v) => [v.lo as number, v.hi as number])
      .concat(teacher.size, ...n1s)
      .filter(positive);
    const xDomain: number[] = [Math.min(...n1s) / 1.25, Math.max(...n1s) * 1.25];
    const yDomain: number[] = [Math.min(...ys) / 1.4, Math.max(...ys) * 1.4];
    const x = {
      field: 'N1',
      type: 'quantitative' as const,
      scale: { type: 'log' as const, domain: xDomain },
      title: 'student width N1 (log)',
    };
    const y = { type: 'quantitative' as const, scale: { type: 'log' as const, domain: yDomain } };
    const color = {
      field: 'variant',
      type: 'nominal',
      title: 'variant',
      scale: variantColorScale(ctx.variants),
    } as const;
    const spec: TopLevelSpec = {
      data: { values },
      facet: { column: { field: 'quantity', type: 'nominal', title: null, sort: [AVG, NSTAR] } },
      spec: {
        width: 300,
        height: 200,
        layer: [
          {
            mark: { type: 'line', color: '#999', strokeDash: [2, 3], strokeWidth: 1 },
            encoding: { x, y: { ...y, field: 'N1' } },
          },
          {
            mark: { type: 'rule', color: '#222', strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: { y: { ...y, field: 'hT' } },
          },
          {
            mark: { type: 'rule', strokeWidth: 1.5 },
            encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
          },
          {
            mark: { type: 'line', point: true, strokeWidth: 2 },
            encoding: { x, y: { ...y, field: 'mean', title: 'nodes (log)' }, color },
          },
        ],
      },
    };
    blocks.push({
      kind: 'figure',
      name: `headline${suffix}`,
      title: `Effective size against N1${label}`,
      ...(await renderFigure(spec)),
      alt: `Average dimension and n* against N1, with the teacher size ${teacher.size} dashed.`,
    });
    if (!hasNStar)
      blocks.push(
        note('No group carries n* yet (the pruning analysis has not run): only the average dimension is drawn.'),
      );
    blocks.push({
      latex: `headline${suffix}`,
      ...table(
        `Effective size${label || ` (h_T = ${teacher.size})`}`,
        ['variant', 'N1', 'trials', 'average dimension', 'average dimension (per-trial max)', 'n*', 'n* 95% interval'],
        groups.map((g) => [
          g.variant,
          formatNumber(g.hidden),
          formatNumber(g.trials),
          formatStat(g.averageDimension),
          formatStat(g.averageDimensionPerTrial),
          g.effectiveSize ? formatStat(g.effectiveSize) : 'n/a',
          g.effectiveSize?.ci
            ? `[${formatNumber(g.effectiveSize.ci[0])}, ${formatNumber(g.effectiveSize.ci[1])}]`
            : 'n/a',
        ]),
      ),
    });
  }
  return { id: 'headline', title: 'Effective size against N1 (the headline)', caption: CAPTION, blocks };
}
