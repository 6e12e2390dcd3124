/**
 * report/sections/histograms: section 4, the paper's histogram figure (method spec §5.1): the node scores of the first
 * hidden layer pooled over trials, divided by their pooled maximum, in bins of width 0.05, as percent of the nodes.
 */
import type { TopLevelSpec } from 'vega-lite';
import { note, table, type Block, type ReportSection } from '../document';
import { formatNumber } from '../format';
import { finite, sortedGroups, teacherLabel, teacherSuffix } from '../groups';
import { renderFigure, variantColorScale } from '../vega-svg';
import type { SectionContext } from './context';

const CAPTION =
  'Where the node scores lie. For each student width N1 (columns) and variant (rows) the scores of all first-layer ' +
  'nodes of all trials are pooled, divided by their largest value, and counted in bins of width 0.05; the bar height ' +
  'is the percentage of nodes in the bin (method spec §5.1). The score is the rescaled eigenvalue |λ|·‖φ‖·√N1 for ' +
  'spectral training and the incoming weight norm ‖w‖·√N1 for direct training. A spectral student that found the ' +
  "teacher's size shows two clusters: a tall bar at 0 (the switched-off nodes) and about h_T nodes spread over the " +
  'upper bins; a direct student spreads its nodes over the whole range, with no gap.';

export async function histogramsSection(ctx: SectionContext): Promise<ReportSection> {
  const blocks: Block[] = [];
  for (const teacher of ctx.teachers) {
    const groups = sortedGroups(
      ctx.data.summary.groups.filter((g) => g.teacher.index === teacher.index && g.scoreHistogram?.percent?.length),
    );
    const suffix = teacherSuffix(teacher, ctx.teachers.length);
    const label = ctx.teachers.length > 1 ? ` — ${teacherLabel(teacher)}` : '';
    if (!groups.length) {
      blocks.push(note(`No score histogram in the summary${label}.`));
      continue;
    }
    const values = groups.flatMap((g) => {
      const { binEdges, percent } = g.scoreHistogram;
      return percent
        .map((p, i) => ({
          variant: g.variant,
          N1: `N1 = ${g.hidden}`,
          n1: g.hidden,
          x0: binEdges[i],
          x1: binEdges[i + 1],
          percent: p,
        }))
        .filter((r) => finite(r.x0) && finite(r.x1) && finite(r.percent));
    });
    const n1Labels = [...new Set(groups.map((g) => g.hidden))].sort((a, b) => a - b).map((n) => `N1 = ${n}`);
    const spec: TopLevelSpec = {
      data: { values },
      facet: {
        row: { field: 'variant', type: 'nominal', title: null, sort: ctx.variants },
        column: { field: 'N1', type: 'nominal', title: null, sort: n1Labels },
      },
      spec: {
        width: 150,
        height: 95,
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: 'score / max', scale: { domain: [0, 1] } },
          x2: { field: 'x1' },
          y: { field: 'percent', type: 'quantitative', title: '% of nodes' },
          y2: { datum: 0 },
          color: { field: 'variant', type: 'nominal', scale: variantColorScale(ctx.variants), legend: null },
        },
      },
    };
    blocks.push({
      kind: 'figure',
      name: `score-histograms${suffix}`,
      title: `Pooled, max-normalised score histograms${label}`,
      ...(await renderFigure(spec)),
      alt: 'Histograms of normalised node scores, one panel per variant and student size.',
    });
    const edges = groups[0].scoreHistogram.binEdges;
    blocks.push(
      table(
        `Percent of nodes per score bin${label}`,
        ['score / max', ...groups.map((g) => `${g.variant} N1=${g.hidden}`)],
        groups[0].scoreHistogram.percent.map((_, i) => [
          `[${formatNumber(edges[i])}, ${formatNumber(edges[i + 1])})`,
          ...groups.map((g) => formatNumber(g.scoreHistogram.percent[i])),
        ]),
      ),
    );
  }
  return { id: 'histograms', title: 'Score histograms', caption: CAPTION, blocks };
}
