// `npm run bench:sweep:queue`: the coordination cost of the Redis queue (spectral run --queue + spectral worker).
// One sweep of very short units (1 epoch on 64 examples, no pruning or topology analysis) runs three ways on a
// redis-server started here on a free loopback port: in one process (`--workers 1`, the compute cost), then through
// the queue with 1 and with 2 workers. It prints units/s and the queue's overhead per unit; the run's own wall time
// (summary.json sessions) is used, so node's start-up is left out of every number.
// Options: --units N (default 100), --workers 1,2 (worker counts to measure), --repeat R (default 3: the fastest of
// R interleaved runs per mode is kept), --json (one JSON line at the end).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const BIN = path.join(__dirname, '..', 'apps', 'cli', 'bin', 'spectral.js');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const UNITS = Number(arg('--units', '100'));
const REPEAT = Number(arg('--repeat', '3'));
const WORKER_COUNTS = arg('--workers', '1,2').split(',').map(Number);
const JSON_OUT = process.argv.includes('--json');

if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.log('bench-sweep-queue: skipped (install redis-server)');
  process.exit(0);
}
if (!fs.existsSync(path.join(__dirname, '..', 'apps', 'cli', 'dist', 'main.js'))) {
  console.error('bench-sweep-queue: build the CLI first (npm run build)');
  process.exit(2);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function startRedis(port) {
  const child = spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  return new Promise((resolve, reject) => {
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
      if (log.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log}`)));
  });
}

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, err, child }));
  });
}

function startWorker(url, queueName) {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--queue-name', queueName], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (err.includes('taking units from')) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`worker exited: ${err}`));
      }
    }, 20);
  });
  return { child, ready };
}

function wallSeconds(dir) {
  const s = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  if (s.trialsFinished !== UNITS) throw new Error(`${dir}: ${s.trialsFinished} of ${UNITS} trials finished`);
  return s.sessions[s.sessions.length - 1].wallSeconds;
}

/** The queue's own ceiling: UNITS empty jobs through one BullMQ worker, no training and no files. */
async function rawBullmq(port, rep) {
  const { Queue, Worker } = require('bullmq');
  const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
  const queue = new Queue(`bench-raw-${rep}`, { connection, prefix: 'spectral' });
  let done = 0;
  let finish;
  const all = new Promise((resolve) => (finish = resolve));
  const worker = new Worker(`bench-raw-${rep}`, async () => ({ ok: true }), { connection, prefix: 'spectral' });
  worker.on('completed', () => {
    if (++done === UNITS) finish();
  });
  await worker.waitUntilReady();
  const started = Date.now();
  await queue.addBulk(
    Array.from({ length: UNITS }, (_, i) => ({ name: `u${i}`, data: { i }, opts: { jobId: `u${i}` } })),
  );
  await all;
  const seconds = (Date.now() - started) / 1000;
  await worker.close();
  await queue.close();
  return { seconds, unitsPerSecond: UNITS / seconds };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-bench-queue-'));
  const config = path.join(tmp, 'config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      teacher: { kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 },
      data: { train: 64, test: 64, validationSplit: 0, seed: 1 },
      students: { hidden: [4], variants: ['direct'] },
      training: { epochs: 1 },
      pruning: { enabled: false },
      topology: { enabled: false },
      output: { saveWeights: false },
      trials: UNITS,
      seed: 1,
      execution: { backend: 'cpu', trialsPerUnit: 1 },
    }),
  );
  const port = await freePort();
  const redis = await startRedis(port);
  const url = `redis://127.0.0.1:${port}/0`;
  const rows = [];
  // Each mode runs REPEAT times, interleaved, and keeps its fastest run: the machine is shared, the minimum is the
  // least disturbed measurement.
  const modes = [{ mode: 'one process (--workers 1)', workers: 1, local: true }].concat(
    WORKER_COUNTS.map((n) => ({ mode: `queue, ${n} worker(s)`, workers: n, local: false })),
  );
  const best = new Map();
  try {
    for (let rep = 0; rep < REPEAT; rep++) {
      for (const m of modes) {
        const out = path.join(tmp, `${m.local ? 'local' : `queue-${m.workers}`}-${rep}`);
        let seconds;
        if (m.local) {
          const r = await run(['run', '--config', config, '--out', out, '--workers', '1', '--quiet']);
          if (r.code !== 0) throw new Error(`local run failed: ${r.err}`);
          seconds = wallSeconds(out);
        } else {
          const queueName = `bench-${m.workers}-${rep}`;
          const workers = Array.from({ length: m.workers }, () => startWorker(url, queueName));
          await Promise.all(workers.map((w) => w.ready));
          const r = await run([
            'run',
            '--config',
            config,
            '--out',
            out,
            '--queue',
            url,
            '--queue-name',
            queueName,
            '--quiet',
          ]);
          for (const w of workers) w.child.kill('SIGTERM');
          if (r.code !== 0) throw new Error(`queue run failed: ${r.err}`);
          seconds = wallSeconds(out);
        }
        best.set(m.mode, Math.min(best.get(m.mode) ?? Infinity, seconds));
      }
    }
    for (const m of modes) {
      const seconds = best.get(m.mode);
      rows.push({ mode: m.mode, workers: m.workers, seconds, unitsPerSecond: UNITS / seconds });
    }
    let raw = { seconds: Infinity };
    for (let rep = 0; rep < REPEAT; rep++) {
      const r = await rawBullmq(port, rep);
      if (r.seconds < raw.seconds) raw = r;
    }
    rows.push({ mode: 'BullMQ alone (empty jobs, 1 worker)', workers: 0, ...raw });
  } finally {
    redis.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const base = rows[0];
  console.log(
    `${UNITS} units of 1 epoch on 64 examples (cpu backend), fastest of ${REPEAT}, ${os.cpus().length} cores, ` +
      `load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}`,
  );
  for (const r of rows) {
    const perUnit = (r.seconds / UNITS) * 1000;
    const over =
      r === base || r.workers === 0
        ? ''
        : `, ${(perUnit - (base.seconds / UNITS) * 1000).toFixed(1)} ms/unit more than one process`;
    console.log(
      `  ${r.mode.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s  ${r.unitsPerSecond.toFixed(1).padStart(7)} units/s  ${perUnit.toFixed(1).padStart(6)} ms/unit${over}`,
    );
  }
  if (JSON_OUT) console.log(JSON.stringify({ units: UNITS, rows }));
}

main().catch((err) => {
  console.error(`bench-sweep-queue: ${err.message}`);
  process.exit(1);
});
