// `spectral slurm` on a real single-node Slurm cluster started by the test: a 3-task job array of
// `spectral run --shard auto` and its merge job, submitted and waited for, give the single-process run's numbers.
import * as fs from 'fs';
import * as path from 'path';
import {
  comparableSummary,
  ensureBuilt,
  runCli,
  spawnCli,
  tempDir,
  tinyConfig,
  waitExit,
  writeConfig,
} from './helpers';
import { slurmUnavailable, startSlurm, type SlurmCluster } from './slurm-cluster';

const sweep = tinyConfig({ training: { epochs: 10 }, execution: { backend: 'cpu', trialsPerUnit: 1 } });
const unavailable = slurmUnavailable();
if (unavailable) console.log(`slurm.test: ${unavailable}`);

(unavailable ? describe.skip : describe)('spectral slurm', () => {
  let cluster: SlurmCluster;
  let configFile: string;
  let singleDir: string;

  beforeAll(async () => {
    ensureBuilt();
    cluster = await startSlurm();
    configFile = writeConfig(tempDir('spectral-slurm-cfg-'), sweep);
    singleDir = tempDir('spectral-slurm-single-');
    expect((await runCli(['run', '--config', configFile, '--out', singleDir, '--quiet'])).code).toBe(0);
  }, 120_000);

  afterAll(() => cluster?.stop());

  it('writes job.sh and merge.sh without submitting', async () => {
    const dir = tempDir('spectral-slurm-scripts-');
    const r = await runCli([
      'slurm',
      '--config',
      configFile,
      '--out',
      dir,
      '--array',
      '4',
      '--time',
      '01:00:00',
      '--cpus-per-task',
      '2',
    ]);
    expect(r.code).toBe(0);
    const job = fs.readFileSync(path.join(dir, 'slurm', 'job.sh'), 'utf8');
    expect(job).toContain('#SBATCH --array=0-3');
    expect(job).toContain('#SBATCH --time=01:00:00');
    expect(job).toContain('#SBATCH --cpus-per-task=2');
    expect(job).toMatch(
      / run --config '.*config\.json' --out '.*' --shard auto --workers "\$\{SLURM_CPUS_PER_TASK:-1\}"/,
    );
    expect(fs.readFileSync(path.join(dir, 'slurm', 'merge.sh'), 'utf8')).toMatch(/ merge '.*'/);
    expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(true);
  });

  it('(d) --array 3 --submit --wait gives the single run, number for number', async () => {
    const dir = tempDir('spectral-slurm-run-');
    const child = spawnCli(
      ['slurm', '--config', configFile, '--out', dir, '--array', '3', '--submit', '--wait'],
      cluster.env,
    );
    let out = '';
    child.stdout?.on('data', (d) => (out += String(d)));
    const r = await waitExit(child);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(out).toMatch(/submitted array job \d+ and merge job \d+/);
    const logs = fs.readdirSync(path.join(dir, 'slurm')).filter((n) => /^task-\d+_\d\.out$/.test(n));
    expect(logs).toHaveLength(3);
    expect(comparableSummary(dir)).toEqual(comparableSummary(singleDir));
    const sessions = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')).sessions;
    expect(sessions).toHaveLength(3);
    expect(sessions.reduce((s: number, x: { unitsRun: number }) => s + x.unitsRun, 0)).toBe(8);
  }, 240_000);
});

describe('spectral slurm refuses bad input (exit 2)', () => {
  const flat = (text: string) => text.replace(/\s+/g, ' ');
  let configFile: string;
  beforeAll(() => {
    ensureBuilt();
    configFile = writeConfig(tempDir('spectral-slurm-bad-'), sweep);
  });

  it('--wait without --submit, and a malformed --time', async () => {
    const out = tempDir('spectral-slurm-bad-out-');
    const wait = await runCli(['slurm', '--config', configFile, '--out', out, '--array', '2', '--wait']);
    expect(wait.code).toBe(2);
    expect(flat(wait.err)).toContain('--wait needs --submit');
    const time = await runCli(['slurm', '--config', configFile, '--out', out, '--array', '2', '--time', 'two hours']);
    expect(time.code).toBe(2);
    expect(flat(time.err)).toContain("--time 'two hours' is not valid (e.g. --time 02:00:00)");
    expect((await runCli(['slurm', '--config', configFile, '--out', out, '--array', '0'])).code).toBe(2);
  });

  it('names the missing sbatch when Slurm is not installed', async () => {
    const out = tempDir('spectral-slurm-nosbatch-');
    const r = await waitExit(
      spawnCli(['slurm', '--config', configFile, '--out', out, '--array', '2', '--submit'], { PATH: '/nonexistent' }),
    );
    expect(r.code).toBe(2);
    expect(flat(r.err)).toContain('sbatch was not found on the PATH');
    expect(fs.existsSync(path.join(out, 'slurm', 'job.sh'))).toBe(true);
  });
});
