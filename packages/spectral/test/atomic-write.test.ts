// The project's one durable write: complete content or the old content under a file's name, whatever happens to the
// writer (SIGKILL mid-write, a full file system), and temporary files unique per process.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transformFileSync } from '@swc/core';
import { WriteError, isTemporaryFile, removeTemporaryFiles, sha256File, sha256Hex, writeFileAtomic } from '../src';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-atomic-'));
}

/** The module under test as plain JS, so that a child node process can run it. */
function compiledModule(dir: string): string {
  const compiled = path.join(dir, 'atomic-write.js');
  const source = path.join(__dirname, '..', 'src', 'atomic-write.ts');
  const options = { jsc: { parser: { syntax: 'typescript' as const }, target: 'es2022' as const } };
  fs.writeFileSync(compiled, transformFileSync(source, { ...options, module: { type: 'commonjs' } }).code);
  return compiled;
}

describe('writeFileAtomic', () => {
  it('writes, replaces, creates parent directories and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a', 'b', 'x.bin');
    writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    writeFileAtomic(file, 'two');
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['x.bin']);
    expect(sha256File(file)).toBe(sha256Hex('two'));
    expect(sha256Hex('two')).toBe('3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3');
  });

  it('names the directory when it cannot be created', () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'a file, not a directory');
    expect(() => writeFileAtomic(path.join(blocker, 'x.json'), 'x')).toThrow(WriteError);
    expect(() => writeFileAtomic(path.join(blocker, 'x.json'), 'x')).toThrow(/cannot create directory .*blocker/);
  });

  it('recognises leftovers of interrupted writes and spares those of live writers when asked', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.x.json.123.4.tmp'), 'half');
    fs.writeFileSync(path.join(dir, '.y.json.123-0a1b2c3d.4.tmp'), 'half');
    // A live writer on this host (this very process's parent) and one on another host, both young: kept.
    fs.writeFileSync(path.join(dir, `.z.json.${process.ppid}.1.tmp`), 'writing');
    fs.writeFileSync(path.join(dir, 'x.json'), '{}');
    expect(isTemporaryFile('.x.json.123.4.tmp')).toBe(true);
    expect(isTemporaryFile('.y.json.123-0a1b2c3d.4.tmp')).toBe(true);
    expect(isTemporaryFile('x.json')).toBe(false);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, `.w.json.${dead.stdout}.1.tmp`), 'abandoned');
    expect(removeTemporaryFiles(dir, { onlyAbandoned: true })).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(
      [`.z.json.${process.ppid}.1.tmp`, '.y.json.123-0a1b2c3d.4.tmp', 'x.json'].sort(),
    );
    fs.writeFileSync(path.join(dir, '.v.json.7.1.tmp'), 'any');
    expect(removeTemporaryFiles(dir, { onlyAbandoned: true, foreignAfterMs: -1 })).toBe(3);
    fs.writeFileSync(path.join(dir, '.v.json.7.1.tmp'), 'any');
    expect(removeTemporaryFiles(dir)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['x.json']);
  });

  it('never leaves a truncated file when the writer is killed with SIGKILL mid-write', async () => {
    const dir = tempDir();
    const compiled = compiledModule(dir);
    const target = path.join(dir, 'out', 'big.json');
    // Large values (about 2 MB each) so that a kill very likely lands inside a write.
    const script = `
      const { writeFileAtomic } = require(${JSON.stringify(compiled)});
      const big = (k) => JSON.stringify({ k, data: Array.from({ length: 200000 }, (_, i) => i + k) });
      writeFileAtomic(${JSON.stringify(target)}, big(0));
      process.stdout.write('ready\\n');
      for (let k = 1; ; k++) writeFileAtomic(${JSON.stringify(target)}, big(k));
    `;
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 150 + 70 * round));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const value = JSON.parse(fs.readFileSync(target, 'utf8'));
      expect(value.data).toHaveLength(200000);
      expect(value.data[199999]).toBe(199999 + value.k);
    }
    removeTemporaryFiles(path.dirname(target));
    expect(fs.readdirSync(path.dirname(target))).toEqual(['big.json']);
  });

  const canMount =
    process.platform === 'linux' && spawnSync('unshare', ['-m', 'true'], { stdio: 'ignore' }).status === 0;
  (canMount ? it : it.skip)(
    'on a full file system: a clear ENOSPC error naming the directory, old content kept',
    () => {
      const dir = tempDir();
      const compiled = compiledModule(dir);
      const mnt = path.join(dir, 'mnt');
      fs.mkdirSync(mnt);
      const script = `
      const { writeFileAtomic } = require(${JSON.stringify(compiled)});
      const fs = require('fs');
      const file = ${JSON.stringify(path.join(mnt, 'd', 'x.json'))};
      writeFileAtomic(file, 'old');
      try { writeFileAtomic(file, 'y'.repeat(600 * 1024)); console.log('no error'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, kept: fs.readFileSync(file, 'utf8'),
        entries: fs.readdirSync(${JSON.stringify(path.join(mnt, 'd'))}) })); }
    `;
      const r = spawnSync(
        'unshare',
        [
          '-m',
          'sh',
          '-c',
          `mount -t tmpfs -o size=256k tmpfs "$1" && "$2" -e "$3"`,
          'sh',
          mnt,
          process.execPath,
          script,
        ],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout);
      expect(out.code).toBe('ENOSPC');
      expect(out.message).toContain(`no space left on the file system holding ${path.join(mnt, 'd')} (ENOSPC)`);
      expect(out.kept).toBe('old');
      expect(out.entries).toEqual(['x.json']);
    },
  );
});
