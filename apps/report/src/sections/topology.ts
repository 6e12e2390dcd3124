import type { ReportSection } from '../document';
import type { SectionContext } from './context';
export async function topologySection(_ctx: SectionContext): Promise<ReportSection> {
  return { id: 'topology', title: 'topology', caption: 'todo', blocks: [] };
}
