import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { foreignEntries, temporaryTarget } from '../src';

function put(root: string, relative: string, text = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}

/** What spectral-ts writes into a results directory: run, report (all formats), slurm, export, claims, probes. */
const OWN = [
  'config.json',
  'fingerprint.json',
  'summary.json',
  'groups.csv',
  'trials.csv',
  'curves.csv',
  'accuracy.csv',
  'report.html',
  'report.md',
  'compare.html',
  'compare.md',
  'compare.json',
  'trials/t0-spectral-n6-trial0.json',
  'weights/t0-spectral-n6-trial0.json',
  'weights/t0-spectral-n6-trial0.npz',
  'weights/t0-spectral-n6-trial0.dense/model.json',
  'weights/t0-spectral-n6-trial0.dense/weights.bin',
  'teachers/t0.json',
  'claims/u0.claim',
  'graphs/t0-spectral-n6-trial0.pruned.gexf',
  'slurm/job.sh',
  'slurm/task-12_0.out',
  'figures/pruning-transition.svg',
  'figures/pruning-transition.png',
  'figures/pruning-transition.pdf',
  'figures/pruning-transition.vl.json',
  'tables/headline.tex',
  'data/t0/test_x.npy',
  'data/t0/test_y.npy',
  'data/t0/trial0/train_x.npy',
  'data/t0/trial0/validation_y.npy',
  '.summary.json.4242.17.tmp',
  'figures/.pruning-transition.svg.4242-0a1b2c3d.3.tmp',
  '.write-probe-host-4242',
  '.DS_Store',
  'figures/Thumbs.db',
];

describe('foreignEntries', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'results-foreign-'));
  for (const f of OWN) put(root, f);

  it('finds nothing in a directory of what spectral-ts writes, temporaries, probes and file-browser metadata included', () => {
    expect(foreignEntries(root)).toEqual([]);
  });

  it('names every other entry, sorted, relative to the directory, folders with a slash, up to the limit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'results-foreign-'));
    for (const f of OWN) put(dir, f);
    for (const f of [
      'paper.tex',
      '.notes.txt.123.4.tmp',
      'data/measurements.csv',
      'data/t0/trial0/notes.md',
      'figures/sketch.jpg',
      'tables/raw/a.tex',
      'drafts/intro.md',
    ])
      put(dir, f);
    const all = [
      '.notes.txt.123.4.tmp',
      'data/measurements.csv',
      'data/t0/trial0/notes.md',
      'drafts/',
      'figures/sketch.jpg',
      'paper.tex',
      'tables/raw/',
    ];
    expect(foreignEntries(dir)).toEqual(all);
    expect(foreignEntries(dir, 2)).toEqual(all.slice(0, 2));
  });

  it('takes a file where a folder belongs (and a folder where a file belongs) as foreign', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'results-foreign-'));
    put(dir, 'config.json');
    put(dir, 'data', 'a file named data');
    put(dir, 'summary.json/inner.txt');
    expect(foreignEntries(dir)).toEqual(['data', 'summary.json/']);
  });

  it('temporaryTarget gives the name an atomic write was writing', () => {
    expect(temporaryTarget('.summary.json.4242.17.tmp')).toBe('summary.json');
    expect(temporaryTarget('.t0.json.4242-0a1b2c3d.3.tmp')).toBe('t0.json');
    expect(temporaryTarget('summary.json')).toBeUndefined();
  });
});
