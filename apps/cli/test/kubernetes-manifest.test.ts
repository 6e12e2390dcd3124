// The documented Kubernetes Indexed Job (examples/kubernetes-indexed-job.yaml): parsed as a real manifest, and its
// container command run once per completion index with JOB_COMPLETION_INDEX set, as the pods would, on this machine:
// the shards together give the single-process run of the same config.
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CLI_ROOT, comparableSummary, ensureBuilt, runCli, spawnCli, tempDir, waitExit } from './helpers';

interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template?: {
      spec: {
        containers: { command: string[]; volumeMounts: { name: string; mountPath: string }[] }[];
        volumes: { name: string }[];
      };
    };
  };
}

const docs = parseAllDocuments(
  fs.readFileSync(path.join(CLI_ROOT, 'examples', 'kubernetes-indexed-job.yaml'), 'utf8'),
).map((d) => d.toJS() as Manifest);

describe('the Kubernetes Indexed Job manifest', () => {
  const job = docs.find((d) => d.kind === 'Job')!;
  const configMap = docs.find((d) => d.kind === 'ConfigMap')!;
  const container = job.spec!.template!.spec.containers[0];

  it('is an Indexed Job whose pods run spectral run --shard auto with --shard-count = completions', () => {
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'Job']);
    expect(job.spec!.completionMode).toBe('Indexed');
    expect(job.spec!.completions).toBe(3);
    const cmd = container.command;
    expect(cmd.slice(0, 2)).toEqual(['spectral', 'run']);
    expect(cmd[cmd.indexOf('--shard') + 1]).toBe('auto');
    expect(Number(cmd[cmd.indexOf('--shard-count') + 1])).toBe(job.spec!.completions);
    expect(container.volumeMounts.map((m) => m.mountPath)).toEqual(['/config', '/results']);
    expect(job.spec!.template!.spec.volumes.map((v) => v.name)).toEqual(['config', 'results']);
  });

  it('its command, run with JOB_COMPLETION_INDEX 0..completions-1, gives the single run', async () => {
    ensureBuilt();
    const work = tempDir('spectral-k8s-');
    // The ConfigMap's file at the mount path, the shared volume as a local directory.
    const mounts: Record<string, string> = {
      '/config': path.join(work, 'config'),
      '/results': path.join(work, 'results'),
    };
    fs.mkdirSync(mounts['/config']);
    fs.writeFileSync(path.join(mounts['/config'], 'sweep.yaml'), configMap.data!['sweep.yaml']);
    const local = (arg: string) =>
      Object.entries(mounts).reduce((a, [from, to]) => (a.startsWith(`${from}/`) ? to + a.slice(from.length) : a), arg);
    const args = container.command.slice(1).map(local);
    const pods = Array.from({ length: job.spec!.completions! }, (_, i) =>
      waitExit(spawnCli([...args, '--quiet'], { JOB_COMPLETION_INDEX: String(i) })),
    );
    for (const r of await Promise.all(pods)) expect(r.code).toBe(0);
    const out = args[args.indexOf('--out') + 1];
    const single = tempDir('spectral-k8s-single-');
    expect(
      (await runCli(['run', '--config', args[args.indexOf('--config') + 1], '--out', single, '--quiet'])).code,
    ).toBe(0);
    // The pod that finished the last unit wrote the complete summary; merge confirms nothing is missing.
    expect(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).complete).toBe(true);
    expect((await runCli(['merge', out])).code).toBe(0);
    expect(comparableSummary(out)).toEqual(comparableSummary(single));
  });
});
