/**
 * cli/diverged-line: the line of `spectral run`'s closing summary that names the diverged trials (the first few; the
 * summary.json `diverged` list and the report have all of them, with reasons).
 */
import { printable } from './printable';

/** At most this many trial ids are named on the terminal. */
const NAMED = 5;

export function divergedLine(diverged: readonly { id: string; reason: string }[]): string {
  const ids = diverged
    .slice(0, NAMED)
    .map((d) => d.id)
    .join(', ');
  const more = diverged.length > NAMED ? ` and ${diverged.length - NAMED} more` : '';
  const first = diverged[0].reason.replace(/^diverged: (training\/divergence: )?/, '');
  return printable(`  ${diverged.length} diverged (left out of every statistic): ${ids}${more}; first: ${first}`, 600);
}
