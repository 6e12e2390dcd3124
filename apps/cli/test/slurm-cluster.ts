// A real single-node Slurm cluster on localhost for the tests: munged with a key made now, slurmctld and slurmd with
// a slurm.conf in a temporary directory (proctrack/linuxproc, task/none, no accounting: what runs job arrays as root
// in a container). Everything lives under one directory; stop() ends the three daemons by their pid files.
import { execFileSync, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface SlurmCluster {
  dir: string;
  /** The environment that points sbatch, squeue and sinfo at this cluster. */
  env: NodeJS.ProcessEnv;
  stop(): void;
}

/** Why a real cluster cannot be started here (one line), or undefined when it can. */
export function slurmUnavailable(): string | undefined {
  const missing = ['munged', 'slurmctld', 'slurmd', 'sbatch'].filter((t) => spawnSync('which', [t]).status !== 0);
  if (missing.length) return `skipped: ${missing.join(', ')} not installed (apt-get install slurm-wlm munge)`;
  if (process.getuid?.() !== 0) return 'skipped: starting slurmd needs root (run the tests as root, as CI does)';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function daemonPid(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

async function waitFor(what: () => boolean, ms: number, label: string, log: string): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`${label} did not come up in ${ms} ms; see ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts munged, slurmctld and slurmd; resolves when the node is idle. */
export async function startSlurm(): Promise<SlurmCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-slurm-'));
  fs.chmodSync(dir, 0o755);
  for (const d of ['munge', 'state', 'spool', 'log']) fs.mkdirSync(path.join(dir, d), { mode: 0o700 });
  const key = path.join(dir, 'munge', 'munge.key');
  fs.writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const socket = path.join(dir, 'munge', 'munge.socket');
  execFileSync('munged', [
    '--force',
    `--key-file=${key}`,
    `--socket=${socket}`,
    `--pid-file=${dir}/munge/munged.pid`,
    `--log-file=${dir}/munge/munged.log`,
    `--seed-file=${dir}/munge/seed`,
  ]);
  const host = os.hostname().split('.')[0];
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slurm.conf');
  fs.writeFileSync(
    conf,
    [
      'ClusterName=spectraltest',
      `SlurmctldHost=${host}`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${dPort}`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SchedulerType=sched/backfill',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'ReturnToService=2',
      'MpiDefault=none',
      `NodeName=${host} CPUs=${os.cpus().length} State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    ].join('\n') + '\n',
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const cluster: SlurmCluster = {
    dir,
    env,
    stop() {
      for (const f of ['slurmd.pid', 'slurmctld.pid', 'munge/munged.pid']) {
        const pid = daemonPid(path.join(dir, f));
        if (pid) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            /* already gone */
          }
        }
      }
    },
  };
  try {
    execFileSync('slurmctld', ['-f', conf], { env });
    execFileSync('slurmd', ['-f', conf], { env });
    const idle = () => spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' }).stdout.trim() === 'idle';
    await waitFor(idle, 30_000, 'the Slurm node', `${dir}/log`);
  } catch (err) {
    cluster.stop();
    throw err;
  }
  return cluster;
}
