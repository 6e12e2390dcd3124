// `spectral run --out DIR` on a directory that already has a config.json: it is resumed while it holds only what
// spectral-ts writes (the run's files, its report, exports, graphs, data sets), and refused (exit 2, before any
// work, nothing changed) when it holds anything else, naming the first such entry and the fix.
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempDir, tinyConfig, writeConfig } from './helpers';

const dir = tempDir('spectral-resultsdir-');
const config = writeConfig(
  dir,
  tinyConfig({
    students: { hidden: [6], variants: ['spectral'] },
    trials: 1,
    training: { epochs: 2 },
    output: { saveData: true, graphs: ['gexf'] },
  }),
  'small.json',
);

/** Every file under `root` with its content, so that a refused run can be shown to have changed nothing. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const f = path.join(d, name);
      if (fs.statSync(f).isDirectory()) walk(f);
      else files[path.relative(root, f)] = fs.readFileSync(f).toString('base64');
    }
  };
  walk(root);
  return files;
}

function put(root: string, relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}

const run = (out: string) => runCli(['run', '--config', config, '--out', out, '--quiet']);

describe('spectral run --out: a results directory holds only what spectral-ts writes', () => {
  const out = path.join(dir, 'results');

  it('resumes a directory holding its report, figures, tables, exports, graphs and data sets', async () => {
    expect((await run(out)).code).toBe(0);
    expect((await runCli(['report', out, '--format', 'html,vl'])).code).toBe(0);
    const weights = path.join(out, 'weights', fs.readdirSync(path.join(out, 'weights'))[0]);
    expect((await runCli(['export', weights, '--format', 'npz'])).code).toBe(0);
    expect((await runCli(['export', weights, '--format', 'tfjs-dense'])).code).toBe(0);
    const names = fs.readdirSync(out).sort();
    expect(names).toEqual(expect.arrayContaining(['data', 'figures', 'graphs', 'report.html', 'report.md', 'tables']));
    expect(fs.readdirSync(path.join(out, 'figures')).some((n) => n.endsWith('.vl.json'))).toBe(true);
    expect(fs.readdirSync(path.join(out, 'data', 't0'))).toEqual(['test_x.npy', 'test_y.npy', 'trial0']);
    const r = await run(out);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
  });

  it.each([
    ['a paper draft', 'paper.tex'],
    ["the user's data in data/", 'data/measurements.csv'],
    ['a hidden file', '.notes'],
  ])('refuses %s next to config.json (exit 2, naming it and the fix) and changes nothing', async (_, entry) => {
    put(out, entry, 'mine');
    const before = snapshot(out);
    const r = await run(out);
    const q = JSON.stringify(entry).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    expect({ code: r.code, message: r.err.replace(/\n/g, ' ') }).toEqual({
      code: 2,
      message: expect.stringMatching(
        new RegExp(
          `has a config\\.json but also holds ${q}, which spectral-ts does not write .*` +
            `Choose another --out directory, or move ${q} out of `,
        ),
      ),
    });
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(snapshot(out)).toEqual(before);
    fs.rmSync(path.join(out, entry));
  });

  it("refuses a user's directory holding another tool's config.json, and leaves that file as it was", async () => {
    const mine = tempDir('spectral-mine-');
    // Not JSON: a run took it for a damaged config.json of its own and wrote its config over it.
    put(mine, 'config.json', '# settings of my own tool\nport = 8080\n');
    put(mine, 'notes.md', 'draft');
    const before = snapshot(mine);
    const r = await run(mine);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/also holds "notes\.md"/);
    expect(snapshot(mine)).toEqual(before);
  });
});
