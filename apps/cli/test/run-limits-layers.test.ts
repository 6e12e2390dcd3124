// The run limits count every hidden layer of students.layers: a student whose deeper layers are too wide for the
// machine is refused before any work (exit 2, naming students.layers), one that fits runs, and the estimate grows
// with the deeper widths as their weights do.
import * as fs from 'fs';
import * as path from 'path';
import { checkRunLimits, estimateRun, parseConfig } from '../src';
import { runCli, tempDir, tinyConfig, writeConfig } from './helpers';

const machine = { backend: 'cpu', workers: 2, cores: 2, totalMemory: 24e9 };
const deep = (widths: number[]) =>
  tinyConfig({
    students: { layers: [{ spectral: 16 }, ...widths.map((w) => ({ dense: w }))], variants: ['spectral'] },
    trials: 1,
  });

describe('run limits of deeper students', () => {
  it('counts the weights of every deeper layer in the memory estimate', () => {
    const estimate = (widths: number[]) =>
      estimateRun(parseConfig(deep(widths), 'test'), { backend: 'cpu', workers: 2, cores: 2 });
    const shallow = estimate([]);
    const wide = estimate([2000, 2000]);
    // 16 * 2000 + 2000 * 2000 + 2000 more weights, at 56 bytes each (weights, packed copies, gradient, Adam moments)
    // in each of the 2 workers; the activations of the 2000-wide layers on the 300 test rows come on top.
    const weights = 2 * (16 * 2000 + 2000 * 2000 + 2000 - 16) * 56;
    expect(wide.bytes - shallow.bytes).toBeGreaterThan(weights);
    expect(wide.bytes - shallow.bytes).toBeLessThan(1.1 * weights);
    expect(wide.memoryField).toBe('students.layers');
    // the time grows with the multiply-adds of a row: 10 * 16 + 16 * 1 against 10 * 16 + 16 * 2000 + 2000 * 2000 + 2000
    expect(wide.seconds / shallow.seconds).toBeCloseTo((160 + 16 * 2000 + 2000 * 2000 + 2000) / (160 + 16), 6);
    expect(wide.timeField).toBe('students.layers');
    expect(estimate([8]).memoryField).not.toBe('students.layers');
    // the paper's chain is estimated as before: d -> N1 -> h_2 -> 1
    const paper = estimateRun(parseConfig(tinyConfig({ students: { hidden: [1000] } }), 'test'), machine);
    expect(paper.memoryField).toBe('--workers');
  });

  it('refuses a deep wide student, naming students.layers, and accepts one that fits', () => {
    expect(() => checkRunLimits(parseConfig(deep([20000, 20000]), 'test'), { ...machine, force: true })).toThrow(
      /students\.layers: the run needs about 4\d\.\d GB of memory, more than this machine's 24\.0 GB \(lower students\.layers or --workers\)/,
    );
    const fits = checkRunLimits(parseConfig(deep([200, 200]), 'test'), machine);
    expect(fits.bytes).toBeLessThan(1e9);
  });

  it('is exit 2 from spectral run before anything is written', async () => {
    const work = tempDir('spectral-limits-');
    const out = path.join(work, 'out');
    // wide enough for any machine's memory (about 10 TB), so the test never trains it
    const file = writeConfig(work, deep([300000, 300000]));
    const r = await runCli(['run', '--config', file, '--out', out, '--workers', '2', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\s+/g, ' ')).toMatch(/students\.layers: the run needs about [\d.e+]+ GB of memory/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });
});
