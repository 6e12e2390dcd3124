import type { EngineContext } from './engine-context';
import type { TrialResult } from './types';
export async function trainBatched(_ctx: EngineContext): Promise<TrialResult[]> {
  throw new Error('training/trainBatched: not implemented yet');
}
