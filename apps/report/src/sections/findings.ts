/**
 * report/sections/findings: the box at the top of the report: what the run shows, one sentence per finding, each
 * judged against the method's expectations (method spec §9).
 */
import type { ReportSection } from '../document';
import { keyFindings } from '../findings/key-findings';
import type { SectionContext } from './context';

const CAPTION =
  'Each sentence: the number, its 95% bootstrap interval over trials [in brackets], and the expectation of the ' +
  'method spec (§ = docs/method.md section) it is checked against, for students at least twice the teacher size.';

export function findingsSection(ctx: SectionContext): ReportSection {
  const items = keyFindings(ctx.data, ctx.teachers, ctx.variants);
  return {
    id: 'findings',
    title: 'Key findings',
    caption: CAPTION,
    blocks: items.length
      ? [{ kind: 'findings', items }]
      : [{ kind: 'note', text: 'No finding can be stated yet: the summary holds no group.' }],
  };
}
