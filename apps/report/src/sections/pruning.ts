import type { ReportSection } from '../document';
import type { SectionContext } from './context';
export async function pruningSection(_ctx: SectionContext): Promise<ReportSection> {
  return { id: 'pruning', title: 'pruning', caption: 'todo', blocks: [] };
}
