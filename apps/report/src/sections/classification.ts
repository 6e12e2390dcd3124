/**
 * report/sections/classification: the section of a classification run (image data): test accuracy against the
 * fraction of hidden-layer nodes removed without retraining, one line per ranking and variant with mean +- std bars
 * over trials (Buffoni et al., Sci. Rep. 12:11201, 2022), the accuracy table, and the key findings that open the
 * report: each variant's intact accuracy and its accuracy with half the nodes removed, per ranking.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupAccuracyCurve, GroupSummary, Stat } from '@spectral-ts/results';
import { note, table, type Block, type Finding, type ReportSection } from '../document';
import { formatNumber, formatStat } from '../format';
import { hiddenSizesOf, sortedGroups } from '../groups';
import { DASH_LEGEND, renderFigure, variantColorScale } from '../vega-svg';
import type { SectionContext } from './context';

const CAPTION =
  'How much of each classifier its hidden layer needs. A trained student is pruned without retraining by removing ' +
  'a fraction of the nodes of its analysed hidden layer in the order of a ranking (lowest score first: rescaled ' +
  'eigenvalue, incoming weight norm, or a random order), and its test accuracy is plotted against the fraction ' +
  'removed; lines are means over trials, bars span ± 1 std. With every node removed the network outputs a constant ' +
  'and guesses one class. Buffoni et al. (2022) found that spectral training concentrates the classification in ' +
  'few nodes: its students keep their accuracy far longer when nodes are removed by eigenvalue than direct students ' +
  'do when removed by weight magnitude.';

/** The fractions the curve table lists: every tenth present in the curves. */
function tableFractions(curves: readonly GroupAccuracyCurve[]): number[] {
  const present = new Set(curves.flatMap((c) => c.points.map((p) => p.fraction)));
  return [...present].filter((f) => Math.abs(f * 10 - Math.round(f * 10)) < 1e-9).sort((a, b) => a - b);
}

function classified(groups: readonly GroupSummary[]): GroupSummary[] {
  return sortedGroups([...groups]).filter((g) => g.classification);
}

/** Whether a summary is a classification run's (its report is this section's). */
export function isClassificationSummary(groups: readonly GroupSummary[]): boolean {
  return groups.some((g) => g.classification);
}

const percent = (f: number): string => `${formatNumber(Number((100 * f).toPrecision(6)))}%`;

/** The key findings of a classification run: intact accuracy and the accuracy at half removed, per variant. */
export function classificationFindings(ctx: SectionContext): Finding[] {
  const groups = classified(ctx.data.summary.groups);
  const several = hiddenSizesOf(groups).length > 1;
  const items: Finding[] = [];
  for (const g of groups) {
    const c = g.classification!;
    const who = `${g.variant}${several ? ` (N1 = ${g.hidden})` : ''}`;
    const halves = c.accuracyCurves
      .filter((a) => a.atHalf && a.atHalf.accuracy.n > 0)
      .map((a) => `${a.ranking} ${formatStat(a.atHalf!.accuracy)}`);
    const tested = `test accuracy ${formatStat(c.testAccuracy)} over ${c.testAccuracy.n} trials`;
    const rest = halves.length
      ? `; with ${percent(0.5)} of its ${c.accuracyCurves[0].units} nodes removed: ${halves.join(', ')}`
      : '';
    items.push({
      topic: `accuracy-${g.variant}-${g.hidden}`,
      verdict: 'unchecked',
      text: `${who} on ${c.dataset}: ${tested}${rest}.`,
    });
  }
  const half = (variant: string, ranking: string): Stat | undefined =>
    groups.find((g) => g.variant === variant)?.classification!.accuracyCurves.find((a) => a.ranking === ranking)?.atHalf
      ?.accuracy;
  const spectral = half('spectral', 'rescaled-eigenvalue');
  const direct = half('direct', 'weight-norm');
  if (spectral?.n && direct?.n && !several) {
    items.unshift({
      topic: 'half-removed',
      verdict: spectral.mean > direct.mean ? 'holds' : 'fails',
      text:
        'With half the nodes removed, spectral students pruned by eigenvalue keep ' +
        `${formatStat(spectral)} test accuracy against ${formatStat(direct)} for direct students pruned by ` +
        'weight norm (Buffoni et al. 2022: spectral above direct).',
    });
  }
  return items;
}

export async function classificationSection(ctx: SectionContext): Promise<ReportSection> {
  const groups = classified(ctx.data.summary.groups);
  const blocks: Block[] = [];
  const sizes = hiddenSizesOf(groups);
  const values = groups.flatMap((g) =>
    g.classification!.accuracyCurves.flatMap((c) =>
      c.points
        .filter((p) => p.accuracy.n > 0)
        .map((p) => ({
          variant: g.variant,
          ranking: c.ranking,
          N1: `N1 = ${g.hidden}`,
          fraction: p.fraction,
          mean: p.accuracy.mean,
          lo: Math.max(0, p.accuracy.mean - p.accuracy.std),
          hi: Math.min(1, p.accuracy.mean + p.accuracy.std),
        })),
    ),
  );
  if (!values.length) {
    blocks.push(note('No finished classifier has an accuracy curve yet.'));
  } else {
    const x = {
      field: 'fraction',
      type: 'quantitative',
      title: 'fraction of hidden-layer nodes removed',
      scale: { domain: [0, 1] },
    } as const;
    const y = { type: 'quantitative', scale: { domain: [0, 1] } } as const;
    const color = { field: 'variant', type: 'nominal', scale: variantColorScale(ctx.variants) } as const;
    const rankings = [...new Set(values.map((v) => v.ranking))];
    const strokeDash = { field: 'ranking', type: 'nominal', sort: rankings, legend: DASH_LEGEND } as const;
    const detail = { field: 'ranking', type: 'nominal' } as const;
    const layer = {
      width: 420,
      height: 260,
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 1 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color, detail },
        },
        {
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y: { ...y, field: 'mean', title: 'test accuracy' }, color, strokeDash },
        },
        { mark: { type: 'point', filled: true, size: 18 }, encoding: { x, y: { ...y, field: 'mean' }, color, detail } },
      ],
    };
    const spec = (sizes.length > 1
      ? { data: { values }, facet: { column: { field: 'N1', type: 'nominal', title: null } }, spec: layer }
      : { data: { values }, ...layer }) as unknown as TopLevelSpec;
    blocks.push({
      kind: 'figure',
      name: 'accuracy-vs-removed',
      title: 'Test accuracy against the fraction of nodes removed, mean ± std',
      ...(await renderFigure(spec)),
      alt: 'Test accuracy against the fraction of hidden-layer nodes removed, one line per ranking and variant.',
    });
  }
  for (const g of groups) {
    const curves = g.classification!.accuracyCurves;
    const same = (a: GroupAccuracyCurve, b: GroupAccuracyCurve) =>
      a.points.every(
        (p, k) => p.accuracy.mean === b.points[k]?.accuracy.mean && p.accuracy.std === b.points[k].accuracy.std,
      );
    for (let i = 0; i < curves.length; i++) {
      for (let j = i + 1; j < curves.length; j++) {
        if (!same(curves[i], curves[j])) continue;
        // e.g. weight-norm equals the rescaled eigenvalue on a spectral layer whose lambdaIn is 0 (method spec §4)
        blocks.push(
          note(
            `${g.variant} (N1 = ${g.hidden}): ${curves[i].ranking} and ${curves[j].ranking} remove the nodes ` +
              'in the same order, so their lines coincide.',
          ),
        );
      }
    }
  }
  blocks.push(
    table(
      'Accuracy per group, mean ± std over trials',
      [
        'variant',
        'N1',
        'trials',
        'failed',
        'test accuracy',
        'train accuracy',
        'validation accuracy',
        'test cross-entropy',
      ],
      groups.map((g) => {
        const c = g.classification!;
        return [
          g.variant,
          formatNumber(g.hidden),
          formatNumber(g.trials),
          formatNumber(g.failed),
          formatStat(c.testAccuracy),
          formatStat(c.trainAccuracy),
          c.validationAccuracy.n ? formatStat(c.validationAccuracy) : 'n/a',
          formatStat(c.testCrossEntropy),
        ];
      }),
    ),
  );
  const curves = groups.flatMap((g) => g.classification!.accuracyCurves);
  const fractions = tableFractions(curves);
  const curveTable = table(
    'Test accuracy against the fraction of nodes removed, mean ± std over trials',
    ['variant', 'N1', 'ranking', ...fractions.map((f) => `${percent(f)} removed`)],
    groups.flatMap((g) =>
      g.classification!.accuracyCurves.map((c) => [
        g.variant,
        formatNumber(g.hidden),
        c.ranking,
        ...fractions.map((f) => formatStat(c.points.find((p) => p.fraction === f)?.accuracy)),
      ]),
    ),
  );
  blocks.push({ ...curveTable, latex: 'accuracy-vs-removed' });
  return { id: 'classification', title: 'Accuracy against nodes removed', caption: CAPTION, blocks };
}
