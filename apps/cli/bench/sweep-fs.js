// `npm run bench:sweep`, filesystem part: what coordinating a sweep through a shared results directory costs.
//  1. claim + write + merge with 1000 units: a claim and release per unit, the weights and record of each unit
//     written as a run writes them (durable atomic writes with their sha256), then one `spectral merge`.
//  2. the wall time of a small real sweep (12 units of 150 epochs) with 1 process and with 2 processes on one directory.
//  3. a projection for N machines of the paper protocol (420 trainings), from the cost model the shards use.
// Arguments: --units N (default 1000), --skip-sweep (only part 1 and 3).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CLI = path.join(__dirname, '..');
const BIN = path.join(CLI, 'bin', 'spectral.js');
const cli = require(path.join(CLI, 'dist', 'index.js'));
const results = require('@spectral-ts/results');

const args = process.argv.slice(2);
const unitsWanted = Number(args[args.indexOf('--units') + 1]) || 1000;
const skipSweep = args.includes('--skip-sweep');
const tmp = (p) => fs.mkdtempSync(path.join(os.tmpdir(), p));
const writeJson = (file, v) => fs.writeFileSync(file, JSON.stringify(v));
const sec = (ms) => (ms / 1000).toFixed(2);

function run(argv, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve() : (process.stderr.write(err), process.exit(1))));
  });
}

const base = {
  teacher: { kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 },
  data: { train: 300, test: 300, validationSplit: 0.2, seed: 1 },
  students: { hidden: [6, 12, 24, 48, 96], variants: ['spectral', 'direct'] },
  training: { epochs: 2 },
  seed: 5,
  execution: { backend: 'cpu', trialsPerUnit: 1 },
};

async function coordinationCost() {
  const work = tmp('spectral-bench-fs-');
  const perCell = Math.ceil(unitsWanted / 10);
  // Template records: one real trial per (variant, N1), cloned into `perCell` trials each.
  const template = path.join(work, 'template');
  writeJson(path.join(work, 'template.json'), { ...base, trials: 1 });
  await run(['run', '--config', path.join(work, 'template.json'), '--out', template, '--quiet']);
  const dir = path.join(work, 'big');
  writeJson(path.join(work, 'big.json'), { ...base, trials: perCell });
  await run(['slurm', '--config', path.join(work, 'big.json'), '--out', dir, '--array', '1']); // prepares DIR only
  const fingerprint = JSON.parse(fs.readFileSync(path.join(dir, 'fingerprint.json'), 'utf8'));
  const paths = results.resultsPaths(dir);
  fs.cpSync(path.join(template, 'teachers'), path.join(dir, 'teachers'), { recursive: true });
  const claims = new cli.ClaimStore(paths.claimsDir);
  const units = [];
  for (const variant of base.students.variants)
    for (const hidden of base.students.hidden) units.push({ variant, hidden });
  const tpl = (u) =>
    JSON.parse(fs.readFileSync(path.join(template, 'trials', `t0-${u.variant}-n${u.hidden}-trial0.json`), 'utf8'));
  const net = (u) =>
    JSON.parse(fs.readFileSync(path.join(template, 'weights', `t0-${u.variant}-n${u.hidden}-trial0.json`), 'utf8'));
  let claimMs = 0;
  let writeMs = 0;
  let n = 0;
  for (const u of units) {
    const record = tpl(u);
    const weights = net(u);
    for (let t = 0; t < perCell; t++) {
      const id = `t0-${u.variant}-n${u.hidden}-trial${t}`;
      let t0 = performance.now();
      if (!claims.tryClaim(id)) throw new Error(`could not claim ${id}`);
      claimMs += performance.now() - t0;
      t0 = performance.now();
      const text = results.writeJsonAtomic(path.join(paths.root, `weights/${id}.json`), weights);
      const r = {
        ...record,
        id,
        trial: t,
        unitId: id,
        weightsFile: `weights/${id}.json`,
        weightsSha256: results.sha256Hex(text),
        fingerprint,
      };
      results.writeJsonAtomic(paths.trial(id), r);
      writeMs += performance.now() - t0;
      t0 = performance.now();
      claims.release(id);
      claimMs += performance.now() - t0;
      n++;
    }
  }
  claims.close();
  const m0 = performance.now();
  const merged = await cli.mergeResults(dir);
  const mergeMs = performance.now() - m0;
  if (merged.unitsDone !== n) throw new Error(`merge saw ${merged.unitsDone} of ${n} units`);
  const m1 = performance.now();
  await cli.mergeResults(dir);
  const remergeMs = performance.now() - m1;
  return { units: n, claimMs, writeMs, mergeMs, remergeMs };
}

async function sweepWallTimes() {
  const work = tmp('spectral-bench-sweep-');
  const cfg = path.join(work, 'sweep.json');
  writeJson(cfg, {
    ...base,
    data: { train: 600, test: 400, validationSplit: 0.2, seed: 1 },
    students: { hidden: [6, 12, 24], variants: ['spectral', 'direct'] },
    training: { epochs: 150 },
    trials: 2,
  });
  const t1 = performance.now();
  await run(['run', '--config', cfg, '--out', path.join(work, 'one'), '--workers', '1', '--quiet']);
  const one = performance.now() - t1;
  const t2 = performance.now();
  await Promise.all(
    [0, 1].map(() => run(['run', '--config', cfg, '--out', path.join(work, 'two'), '--workers', '1', '--quiet'])),
  );
  const two = performance.now() - t2;
  const same = spawnSync(
    process.execPath,
    [
      '-e',
      `
    const f = (d) => { const s = JSON.parse(require('fs').readFileSync(d + '/summary.json')); for (const k of ['wallSeconds','startedAt','finishedAt','sessions','workers']) delete s[k]; return JSON.stringify(s); };
    process.stdout.write(String(f(${JSON.stringify(path.join(work, 'one'))}) === f(${JSON.stringify(path.join(work, 'two'))})));`,
    ],
    { encoding: 'utf8' },
  ).stdout;
  return { units: 12, one, two, same: same === 'true' };
}

/** The paper protocol's units (trialsPerUnit 1) dealt over N workers by the shard rule; makespan in cost units. */
function projection(workers) {
  const config = {
    teachers: [{}],
    students: { hidden: [10, 20, 40, 60, 200, 500, 1000], variants: ['spectral', 'direct'] },
    trials: 30,
    data: { train: 10000, validationSplit: 0.2 },
    training: { epochs: 2000 },
    execution: { trialsPerUnit: 1 },
  };
  const units = cli.planUnits(config);
  const cost = (u) => cli.unitCost(config, u, 300);
  const total = units.reduce((s, u) => s + cost(u), 0);
  // --preset paper --trials 3 took 940 s on this 2-core machine (the measurement): seconds per cost unit.
  const three = units.filter((u) => u.trials[0] < 3).reduce((s, u) => s + cost(u), 0);
  const secondsPerCost = 940 / three;
  return workers.map((n) => {
    const slices = cli.balancedSlices(units, n, cost);
    const makespan = Math.max(...slices.map((s) => s.reduce((a, u) => a + cost(u), 0)));
    return {
      workers: n,
      hours: (makespan * secondsPerCost) / 3600,
      ideal: (total * secondsPerCost) / n / 3600,
      units: units.length,
    };
  });
}

(async () => {
  console.log(`sweep bench (filesystem) on ${os.cpus().length} cores, ${os.hostname()}, node ${process.versions.node}`);
  const c = await coordinationCost();
  console.log(
    `claim + release: ${(c.claimMs / c.units).toFixed(3)} ms/unit; durable write of weights + record: ${(c.writeMs / c.units).toFixed(3)} ms/unit (${c.units} units)`,
  );
  console.log(`merge of ${c.units} units: ${sec(c.mergeMs)} s; again (idempotent): ${sec(c.remergeMs)} s`);
  if (!skipSweep) {
    const s = await sweepWallTimes();
    console.log(
      `small sweep (${s.units} units, 150 epochs): 1 process ${sec(s.one)} s, 2 processes on one DIR ${sec(s.two)} s (speed-up ${(s.one / s.two).toFixed(2)}x), same summary: ${s.same}`,
    );
  }
  for (const p of projection([1, 10, 100])) {
    console.log(
      `paper protocol (${p.units} units of 1 trial) on ${p.workers} worker(s) of this machine's speed: ${p.hours.toFixed(2)} h (perfect split ${p.ideal.toFixed(2)} h)`,
    );
  }
})();
