// The pieces under the sweeps, in-process: exclusive claims with stale takeover, and the shard arithmetic.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { balancedSlices, ClaimStore, parseShard, shardFromEnvironment } from '../src';
import { tempDir } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ClaimStore', () => {
  it('gives a name to one holder at a time and lets only the holder release it', () => {
    const dir = tempDir('spectral-claims-');
    const a = new ClaimStore(dir);
    const b = new ClaimStore(dir);
    expect(a.tryClaim('u1')).toBe(true);
    expect(b.tryClaim('u1')).toBe(false);
    b.release('u1'); // not b's: nothing happens
    expect(b.tryClaim('u1')).toBe(false);
    const seen = b.inspect('u1')!;
    expect(seen.info).toMatchObject({ host: os.hostname(), pid: process.pid, staleMs: 60_000 });
    expect(seen.stale).toBe(false);
    a.release('u1');
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(b.tryClaim('u1')).toBe(true);
    a.close();
    b.close();
  });

  it('keeps a live claim fresh with its heartbeat, and a stopped one is retaken after its timeout', async () => {
    const dir = tempDir('spectral-claims-stale-');
    const a = new ClaimStore(dir, { staleMs: 300 });
    const b = new ClaimStore(dir, { staleMs: 300 });
    expect(a.tryClaim('u')).toBe(true);
    await sleep(700); // over twice the timeout: the heartbeat (every 50 ms) keeps it fresh
    expect(b.tryClaim('u')).toBe(false);
    a.close(); // releases it
    expect(b.tryClaim('u')).toBe(true);
    // A claim whose heartbeat stopped: written by hand, as a process on another host would leave it.
    const file = path.join(dir, 'v.claim');
    fs.writeFileSync(file, JSON.stringify({ host: 'elsewhere', pid: 1, token: 'x', claimedAt: '', staleMs: 300 }));
    expect(b.tryClaim('v')).toBe(false);
    const old = new Date(Date.now() - 1000);
    fs.utimesSync(file, old, old);
    expect(b.inspect('v')!.stale).toBe(true);
    expect(b.tryClaim('v')).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    b.close();
  });

  it('withClaim runs one critical section at a time', async () => {
    const dir = tempDir('spectral-claims-lock-');
    const stores = [0, 1, 2].map(() => new ClaimStore(dir));
    const inside: number[] = [];
    let concurrent = 0;
    await Promise.all(
      stores.map((s, i) =>
        s.withClaim(
          'summary',
          async () => {
            concurrent++;
            inside.push(concurrent);
            await sleep(30 + 10 * i);
            concurrent--;
          },
          5,
        ),
      ),
    );
    expect(inside).toEqual([1, 1, 1]);
    stores.forEach((s) => s.close());
  });
});

describe('shards', () => {
  it('parses K/N and refuses bad values with the fix', () => {
    expect(parseShard('2/3')).toEqual({ index: 1, count: 3, source: '--shard 2/3' });
    expect(() => parseShard('0/3')).toThrow(/K must be between 1 and N/);
    expect(() => parseShard('4/3')).toThrow(/K must be between 1 and N/);
    expect(() => parseShard('two')).toThrow(/--shard must be K\/N/);
  });

  it('reads Slurm, Kubernetes and AWS Batch array variables, and says what it looked for when none is set', () => {
    expect(
      shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '4' }),
    ).toMatchObject({ index: 1, count: 3 });
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' })).toMatchObject({
      index: 2,
      count: 3,
    });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0' }, 4)).toMatchObject({ index: 0, count: 4 });
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '0' })).toThrow(/give --shard-count N/);
    expect(shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '9', AWS_BATCH_JOB_ARRAY_SIZE: '10' })).toMatchObject({
      index: 9,
      count: 10,
    });
    expect(() => shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '10', AWS_BATCH_JOB_ARRAY_SIZE: '10' })).toThrow(
      /outside 0..9/,
    );
    expect(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '2' })).toThrow(
      /not a non-negative integer/,
    );
    expect(() => shardFromEnvironment({})).toThrow(
      /found no array task index .*SLURM_ARRAY_TASK_ID.*JOB_COMPLETION_INDEX.*AWS_BATCH_JOB_ARRAY_INDEX/,
    );
  });

  it('deals units longest first to the lightest slice, deterministically, each unit once', () => {
    const costs = [5, 9, 2, 7, 1, 8, 3];
    const slices = balancedSlices(costs, 3, (c) => c);
    // 9, 8, 7 open the three slices; 5 joins 7, 3 joins 8, 2 joins 9, 1 the first of the two lightest (11, 11).
    expect(slices).toEqual([
      [9, 2, 1],
      [8, 3],
      [5, 7],
    ]);
    expect(slices.map((s) => s.reduce((a, b) => a + b, 0))).toEqual([12, 11, 12]);
    expect(balancedSlices(costs, 3, (c) => c)).toEqual(slices);
    expect(slices.flat().sort((a, b) => a - b)).toEqual([...costs].sort((a, b) => a - b));
    expect(balancedSlices([1, 2], 4, (c) => c)).toEqual([[2], [1], [], []]);
  });
});
