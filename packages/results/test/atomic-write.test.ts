import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transformFileSync } from '@swc/core';
import { isTemporaryFile, removeTemporaryFiles, writeFileAtomic, writeJsonAtomic } from '../src';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'results-atomic-'));
}

describe('writeFileAtomic', () => {
  it('writes, replaces, creates parent directories and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a', 'b', 'x.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['x.json']);
  });

  it('refuses NaN in JSON and leaves the old file intact', () => {
    const dir = tempDir();
    const file = path.join(dir, 's.json');
    writeJsonAtomic(file, { a: 1 });
    expect(() => writeJsonAtomic(file, { a: 1, loss: NaN })).toThrow(/field 'loss' of s.json is NaN/);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ a: 1 });
    expect(fs.readdirSync(dir)).toEqual(['s.json']);
  });

  it('names the file when the target cannot be written', () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'a file, not a directory');
    expect(() => writeFileAtomic(path.join(blocker, 'x.json'), 'x')).toThrow(/results\/writeFileAtomic: cannot create directory .*blocker/);
  });

  it('recognises and removes leftovers of interrupted writes only', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.x.json.123.4.tmp'), 'half');
    fs.writeFileSync(path.join(dir, 'x.json'), '{}');
    expect(isTemporaryFile('.x.json.123.4.tmp')).toBe(true);
    expect(isTemporaryFile('x.json')).toBe(false);
    expect(removeTemporaryFiles(dir)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['x.json']);
  });

  it('never leaves a truncated file when the writer is killed with SIGKILL mid-write', async () => {
    // Compile the module under test to plain JS so that a child node process can run it in a tight write loop.
    const dir = tempDir();
    const compiled = path.join(dir, 'atomic-write.js');
    const source = path.join(__dirname, '..', 'src', 'atomic-write.ts');
    fs.writeFileSync(compiled, transformFileSync(source, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code);
    const target = path.join(dir, 'out', 'big.json');
    // Large values (about 2 MB each) so that a kill very likely lands inside a write.
    const script = `
      const { writeJsonAtomic } = require(${JSON.stringify(compiled)});
      const big = (k) => ({ k, data: Array.from({ length: 200000 }, (_, i) => i + k) });
      writeJsonAtomic(${JSON.stringify(target)}, big(0));
      process.stdout.write('ready\\n');
      for (let k = 1; ; k++) writeJsonAtomic(${JSON.stringify(target)}, big(k));
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
    // The kills may leave temporary files behind; they are recognisable and removable.
    removeTemporaryFiles(path.dirname(target));
    expect(fs.readdirSync(path.dirname(target))).toEqual(['big.json']);
  });
});
