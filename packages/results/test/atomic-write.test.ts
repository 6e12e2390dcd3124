import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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
    expect(() => writeFileAtomic(path.join(blocker, 'x.json'), 'x')).toThrow(
      /spectral\/writeFileAtomic: cannot create directory .*blocker/,
    );
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
});
