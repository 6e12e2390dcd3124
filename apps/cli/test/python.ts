// The Python the interoperability tests read files back with: the first of python3 and /usr/bin/python3 that imports
// the given modules (Debian: apt-get install python3-numpy python3-networkx), or undefined.
import { spawnSync } from 'child_process';

export function pythonWith(modules: string[]): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
    if (r.status === 0) return python;
  }
  return undefined;
}

/** Runs a Python script with JSON on stdin and parses the JSON it prints. */
export function runPython(python: string, script: string, input: unknown): unknown {
  const r = spawnSync(python, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
