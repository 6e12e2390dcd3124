// The summary's sessions: one entry per process that trained into the directory, each rewritten by its own process
// only, also when processes start in the same millisecond (the tasks of a Slurm array).
import { buildSummary, parseConfig, resolveConfig } from '../src';
import { sessionId } from '../src/run-experiment';
import { tinyConfig } from './helpers';

const config = resolveConfig(parseConfig(tinyConfig(), 'test'), 'cpu', 'test', []);
const startedAt = '2026-12-02T02:00:20.777Z';
const session = (id: string, workers = 2) => ({ id, startedAt, started: Date.now(), backend: 'cpu' as const, workers });

describe('summary sessions', () => {
  it('keeps two processes that started in the same millisecond apart, and updates each one in place', () => {
    const [a, b] = [sessionId(), sessionId()];
    expect(a).not.toBe(b);
    const first = buildSummary(config, [], session(a), 2);
    const second = buildSummary(config, [], session(b), 3, first);
    expect(second.sessions!.map((s) => [s.id, s.unitsRun])).toEqual([
      [a, 2],
      [b, 3],
    ]);
    // process a writes again after another unit: its own entry changes, b's stays
    const third = buildSummary(config, [], session(a), 4, second);
    expect(third.sessions!.map((s) => [s.id, s.unitsRun])).toEqual([
      [b, 3],
      [a, 4],
    ]);
  });

  it('keeps the sessions of summaries written before sessions had an id', () => {
    const old = buildSummary(config, [], session('x'), 5);
    delete old.sessions![0].id;
    const next = buildSummary(config, [], session(sessionId()), 1, old);
    expect(next.sessions!.map((s) => s.unitsRun)).toEqual([5, 1]);
    expect(next.sessions![0].startedAt).toBe(startedAt);
  });
});
