import type { ReportSection } from '../document';
import type { SectionContext } from './context';
export async function testMseSection(_ctx: SectionContext): Promise<ReportSection> {
  return { id: 'test-mse', title: 'test-mse', caption: 'todo', blocks: [] };
}
