// The worker pool: how many workers really run (and why fewer), and a worker that exits without an error event.
import * as fs from 'fs';
import * as path from 'path';
import { parseConfig, planUnits, resolveConfig } from '../src';
import { planPool, runUnits } from '../src/pool';
import { runCli, tempDir, tinyConfig, writeConfig } from './helpers';

const QUIET_EXIT_WORKER = path.join(__dirname, 'fixtures', 'quiet-exit-worker.js');

describe('planPool', () => {
  it('runs no more workers than units, and one for one unit or one requested', () => {
    expect(planPool(4, 10, 'worker.js')).toEqual({ workers: 4 });
    expect(planPool(4, 2, 'worker.js')).toEqual({ workers: 2 });
    expect(planPool(4, 1, 'worker.js')).toEqual({ workers: 1 });
    expect(planPool(1, 10, undefined)).toEqual({ workers: 1 });
    expect(planPool(4, 0, 'worker.js')).toEqual({ workers: 1 });
  });

  it('says why it runs in this thread when the worker script is missing', () => {
    const plan = planPool(4, 10, undefined);
    expect(plan.workers).toBe(1);
    expect(plan.note).toMatch(
      /running the 10 units in this thread instead of on 4 workers: the worker script dist\/worker\.js is missing/,
    );
  });
});

describe('runUnits on worker threads', () => {
  it('fails the unit of a worker that exits quietly, instead of hanging', async () => {
    const config = resolveConfig(parseConfig(tinyConfig(), 'test'), 'cpu', 'test', []);
    const units = planUnits(config).slice(0, 3);
    const errors: { unit: string; message: string }[] = [];
    const results: string[] = [];
    await runUnits(
      config,
      units,
      {
        onResult: (unit) => void results.push(unit.id),
        onError: (unit, message) => void errors.push({ unit: unit.id, message }),
      },
      { workers: 2, backend: 'cpu', plugins: [], script: QUIET_EXIT_WORKER },
    );
    expect(results).toEqual([]);
    // each of the two workers takes one unit and dies with it; the third unit is reported as not run
    const died = errors.filter((e) => e.message === 'worker thread exited with code 3 while computing the unit');
    expect(died.map((e) => e.unit).sort()).toEqual(
      units
        .slice(0, 2)
        .map((u) => u.id)
        .sort(),
    );
    expect(errors.filter((e) => !died.includes(e))).toEqual([
      { unit: units[2].id, message: 'not run: every worker thread ended before it' },
    ]);
  }, 30_000);
});

describe('the worker count a run records', () => {
  it('is the number that ran: one worker for a single unit, whatever --workers asked for', async () => {
    const config = tinyConfig({ students: { hidden: [6], variants: ['spectral'] }, trials: 1 });
    const out = tempDir('spectral-pool-');
    const r = await runCli([
      'run',
      '--config',
      writeConfig(tempDir(), config),
      '--out',
      out,
      '--quiet',
      '--workers',
      '2',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.workers).toBe(1);
    expect(summary.sessions[0].workers).toBe(1);
  });
});
