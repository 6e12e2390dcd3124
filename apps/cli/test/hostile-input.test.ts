// Hostile and malformed input: each case gets the exit code and message of the table in apps/cli/README.md (bad
// input is exit 2 with the field named, in well under a second, with nothing written); runaway training is a
// diverged trial (exit 1) that the summary and the report list and no figure draws.
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { checkRunLimits, parseConfig } from '../src';
import { BIN, ensureBuilt, runCli, spawnCli, tempDir, tinyConfig, waitExit, writeConfig } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const SCALED_TEACHER = path.join(FIXTURES, 'scaled-teacher.js');
const dir = tempDir('spectral-hostile-');

/** A one-group config that trains in a fraction of a second. */
const small = (over: Record<string, unknown> = {}) =>
  tinyConfig({ students: { hidden: [6], variants: ['spectral'] }, trials: 1, training: { epochs: 2 }, ...over });

const aliasBomb =
  [
    'a: &a [1,1,1,1,1,1,1,1,1]',
    ...'bcdef'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(',')}]`),
  ].join('\n') + '\n';
const manyKeys = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])));
const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });

interface Case {
  name: string;
  /** The config: an object (written as JSON) or text with its extension. */
  config?: unknown;
  ext?: 'json' | 'yaml';
  args?: string[];
  /** --out; default a fresh path under the test directory. */
  out?: () => string;
  code: number;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'YAML alias bomb',
    config: aliasBomb,
    ext: 'yaml',
    code: 2,
    message: /expands YAML aliases \(\*name\) more than 100 times/,
  },
  {
    name: 'data.train: 1',
    config: small({ data: { train: 1, test: 50 } }),
    code: 2,
    message: /data\.train: must leave at least 2 rows to train on, but 1 rows with validationSplit 0\.2 leave 0/,
  },
  {
    name: 'data.train: 2 with validationSplit 0.9',
    config: small({ data: { train: 2, test: 50, validationSplit: 0.9 } }),
    code: 2,
    message: /data\.train: must leave at least 2 rows to train on, but 2 rows with validationSplit 0\.9 leave 0/,
  },
  {
    name: 'data.test: 1',
    config: small({ data: { train: 100, test: 1 } }),
    code: 2,
    message: /data\.test: must be at least 2, got 1/,
  },
  {
    name: 'data.train: 1e9',
    config: small({ data: { train: 1e9, test: 50 } }),
    code: 2,
    message: /data\.train: the run needs about [\d.]+ GB of memory, more than this machine's/,
  },
  {
    name: 'learningRate: 1e308',
    config: small({ training: { epochs: 2, learningRate: 1e308 } }),
    code: 2,
    message: /training\.learningRate must be <= 1000, got 1e\+308/,
  },
  {
    name: 'trials: 1e12',
    config: small({ trials: 1e12 }),
    code: 2,
    message: /trials: the config plans 1\.00e\+12 trials .* more than 100000/,
  },
  {
    name: 'students.hidden: [1e7]',
    config: small({ students: { hidden: [1e7], variants: ['spectral'] } }),
    code: 2,
    message: /students\.hidden: the run needs about [\d.]+ GB of memory/,
  },
  {
    name: 'teacher inputDim 1e7',
    config: small({ teacher: { kind: 'nn', inputDim: 1e7 } }),
    code: 2,
    message: /teacher\.inputDim \/ teacher\.hidden: the run needs about [\d.]+ GB of memory/,
  },
  {
    name: 'teacher hidden [1e7, 20]',
    config: small({ teacher: { kind: 'nn', hidden: [1e7, 20] } }),
    code: 2,
    message: /teacher\.inputDim \/ teacher\.hidden: the run needs about [\d.]+ GB of memory/,
  },
  {
    name: 'epochs: 1e15',
    config: small({ training: { epochs: 1e15 } }),
    code: 2,
    message: /training\.epochs: the run needs about [\d.e+]+ GB of memory/,
  },
  {
    name: 'two weeks of training (1000 trials of 40000 epochs at N1 = 1000)',
    config: small({
      data: { train: 10000, test: 50 },
      students: { hidden: [1000], variants: ['spectral'] },
      trials: 1000,
      training: { epochs: 40000 },
    }),
    code: 2,
    message:
      /trials: the run would take about [\d.]+ days on \d core\(s\) \(lower trials, or pass --force to run it anyway\)/,
  },
  {
    name: 'a config of 80k distinct keys',
    config: manyKeys(80000),
    ext: 'json',
    code: 2,
    message: /keys\.json is \d+ bytes, more than the 131072 a config may have/,
  },
  {
    name: 'a config of 8k distinct keys',
    config: manyKeys(8000),
    ext: 'json',
    code: 2,
    message: /unknown keys 'k0', 'k1', 'k2', 'k3', 'k4' and 7995 more at the top level/,
  },
  {
    name: 'duplicate key in JSON',
    config: '{\n  "trials": 2,\n  "trials": 3\n}\n',
    ext: 'json',
    code: 2,
    message: /sets the key "trials" twice at line 3/,
  },
  {
    name: 'duplicate key in YAML',
    config: 'trials: 2\nseed: 1\ntrials: 3\n',
    ext: 'yaml',
    code: 2,
    message: /sets the key "trials" twice at line 3/,
  },
  {
    name: 'nesting 20 levels deep',
    config: { ...small(), teacher: { kind: 'nn', deep: deep(20) } },
    code: 2,
    message: /nests mappings or lists deeper than 16 levels/,
  },
  {
    name: 'terminal escape in a key',
    config: 'trials: 1\n"\\e[31mred": 1\n',
    ext: 'yaml',
    code: 2,
    message: /unknown key '\\x1b\[31mred' at the top level/,
  },
  {
    name: '--out under /proc',
    config: small(),
    out: () => '/proc/spectral-results',
    code: 2,
    message: /--out \/proc\/spectral-results is on the proc pseudo-file system/,
  },
  {
    name: '--out under /sys',
    config: small(),
    out: () => '/sys/kernel/spectral-results',
    code: 2,
    message: /--out \/sys\/kernel\/spectral-results is on the sys pseudo-file system/,
  },
  {
    name: "--seed ''",
    config: small(),
    args: ['--seed', ''],
    code: 2,
    message: /--seed must be an integer >= 0, got '' \(decimal digits only\)/,
  },
  {
    name: '--trials 0x1',
    config: small(),
    args: ['--trials', '0x1'],
    code: 2,
    message: /--trials must be an integer >= 1, got '0x1' \(decimal digits only\)/,
  },
  {
    name: '--json with --quiet',
    config: small(),
    args: ['--json', '--quiet'],
    code: 2,
    message: /option '-q, --quiet' cannot be used with option '--json'/,
  },
  {
    name: '--workers 1000',
    config: small(),
    args: ['--workers', '1000'],
    code: 2,
    message: /--workers 1000 is more than \d+ \(4 per core/,
  },
  {
    name: '--out holding only a dotfile',
    config: small(),
    out: () => {
      const d = tempDir('spectral-dotfile-');
      fs.writeFileSync(path.join(d, '.mine.123.4.tmp'), 'keep me');
      return d;
    },
    code: 2,
    message: /is not empty and is not a results directory \(no config\.json; it holds "\.mine\.123\.4\.tmp"\)/,
  },
  {
    name: 'a NaN label',
    config: small({ plugins: [SCALED_TEACHER], teacher: { kind: 'scaled-nn', nanRow: 3 } }),
    code: 2,
    message: /teacher \(kind 'scaled-nn'\) gives the label NaN for test row 3/,
  },
  {
    name: 'labels scaled by 1e39 (beyond float32)',
    config: small({ plugins: [SCALED_TEACHER], teacher: { kind: 'scaled-nn', scale: 1e39 } }),
    code: 2,
    message: /teacher \(kind 'scaled-nn'\) gives the label -?Infinity for test row 0: labels must be finite numbers/,
  },
  {
    name: 'labels scaled by 1e30',
    config: small({ plugins: [SCALED_TEACHER], teacher: { kind: 'scaled-nn', scale: 1e30 } }),
    code: 2,
    message: /teacher \(kind 'scaled-nn'\) gives test labels of variance \d\.\d\de\+60, above 3\.40e\+34: /,
  },
  {
    name: 'labels scaled by 1e-16',
    config: small({ plugins: [SCALED_TEACHER], teacher: { kind: 'scaled-nn', scale: 1e-16 } }),
    code: 2,
    message: /teacher \(kind 'scaled-nn'\) gives test labels of variance \d\.\d\de-32, below 1\.18e-26: /,
  },
];

describe('spectral run: hostile input is exit 2, names the field, and writes nothing', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const slug = name.replace(/\W+/g, '-');
    const file = writeConfig(
      dir,
      typeof c.config === 'string' ? c.config : JSON.stringify(c.config),
      `${slug.includes('keys') ? 'keys' : slug}.${c.ext ?? 'json'}`,
    );
    const out = c.out ? c.out() : path.join(dir, `out-${slug}`);
    const before = fs.existsSync(out) ? fs.readdirSync(out).sort() : [];
    const started = Date.now();
    const r = await runCli(['run', '--config', file, '--out', out, ...(c.args ?? ['--quiet'])]);
    expect({ code: r.code, message: r.err.replace(/\n/g, ' ') }).toEqual({
      code: c.code,
      message: expect.stringMatching(c.message),
    });
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.err).not.toContain(String.fromCharCode(27)); // no raw escape sequence
    expect(r.err.length).toBeLessThan(2200);
    expect(Date.now() - started).toBeLessThan(10_000);
    if (!out.startsWith('/proc') && !out.startsWith('/sys'))
      expect(fs.existsSync(out) ? fs.readdirSync(out).sort() : []).toEqual(before);
  });

  it('warns (exit 0) when a linear teacher meets ReLU students that cannot predict a negative label', async () => {
    const cfg = small({ teacher: { kind: 'linear', inputDim: 10 } });
    const r = await runCli([
      'run',
      '--config',
      writeConfig(dir, cfg, 'linear.json'),
      '--out',
      path.join(dir, 'out-linear'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(r.err.replace(/\n/g, ' ')).toMatch(
      /warning: \d+% of the test labels of teacher \(kind 'linear'\) are negative, .*never predict a negative value/,
    );
  });
});

describe('checkRunLimits', () => {
  const long = parseConfig(
    small({
      data: { train: 10000, test: 50 },
      students: { hidden: [1000], variants: ['spectral'] },
      trials: 1000,
      training: { epochs: 40000 },
    }),
    'test',
  );
  const machine = { backend: 'cpu', workers: 2, cores: 2, totalMemory: 24e9 };

  it('lets --force run what is only long, and names the estimate', () => {
    expect(() => checkRunLimits(long, machine)).toThrow(/trials: the run would take about 13\.9 days/);
    const e = checkRunLimits(long, { ...machine, force: true });
    expect(e.seconds / 86400).toBeCloseTo(13.9, 1);
    expect(e.trials).toBe(1000);
  });

  it('refuses what cannot fit the memory even with --force', () => {
    expect(() => checkRunLimits(long, { ...machine, force: true, totalMemory: 1e9 })).toThrow(
      /the run needs about [\d.]+ GB of memory, more than this machine's 1\.00 GB/,
    );
  });

  it('passes the paper-sized run without --force', () => {
    const paper = parseConfig(
      { students: { hidden: [10, 20, 40, 60, 200, 500, 1000] }, execution: { backend: 'cpu' } },
      'paper',
    );
    const e = checkRunLimits(paper, machine);
    expect(e.bytes).toBeLessThan(2e9);
    expect(e.seconds).toBeLessThan(4 * 3600);
  });
});

describe('spectral run: the built CLI', () => {
  beforeAll(() => ensureBuilt());

  it('reports a plugin that throws after register() returned as bad input (exit 2), without a stack trace', async () => {
    const cfg = small({ plugins: [path.join(FIXTURES, 'late-throw-plugin.js')] });
    const r = await waitExit(
      spawnCli(['run', '--config', writeConfig(dir, cfg, 'late.json'), '--out', path.join(dir, 'out-late'), '--quiet']),
    );
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(
      /cli\/plugins: the plugin .*late-throw-plugin\.js threw outside any call the CLI awaits .*the registry went away/,
    );
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a read-only results directory for the report (exit 2)', async () => {
    const out = tempDir('spectral-readonly-');
    expect(
      (await runCli(['run', '--config', writeConfig(dir, small(), 'ro.json'), '--out', out, '--quiet'])).code,
    ).toBe(0);
    fs.chmodSync(out, 0o555);
    // root writes anywhere: run the report as 'nobody' then (spawn's uid option works only for root).
    const args = [BIN, 'report', out];
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (spawnSync(process.execPath, [BIN, '--version'], asNobody).status !== 0) {
      console.log('skipped: user nobody cannot read this checkout; run the tests as a non-root user to cover it');
      return;
    }
    const r = await waitExit(spawn(process.execPath, args, { ...asNobody, stdio: ['ignore', 'pipe', 'pipe'] }));
    fs.chmodSync(out, 0o755);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(
      /cli\/report: cannot write the report into .*: EACCES \(make the directory writable/,
    );
  });
});

describe('spectral run: a user file that looks like a temporary survives', () => {
  it('removes its own leftovers only, and refuses to run next to a user file that looks like one', async () => {
    const out = tempDir('spectral-leftovers-');
    const file = writeConfig(dir, small(), 'leftovers.json');
    expect((await runCli(['run', '--config', file, '--out', out, '--quiet'])).code).toBe(0);
    fs.writeFileSync(path.join(out, '.mine.123.4.tmp'), 'keep me');
    fs.writeFileSync(path.join(out, '.summary.json.999.1.tmp'), '{"trunc');
    const refused = await runCli(['run', '--config', file, '--out', out, '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.err.replace(/\n/g, ' ')).toMatch(/has a config\.json but also holds "\.mine\.123\.4\.tmp"/);
    expect(fs.existsSync(path.join(out, '.summary.json.999.1.tmp'))).toBe(true);
    fs.renameSync(path.join(out, '.mine.123.4.tmp'), path.join(dir, '.mine.123.4.tmp'));
    expect((await runCli(['run', '--config', file, '--out', out, '--quiet'])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.mine.123.4.tmp'), 'utf8')).toBe('keep me');
    expect(fs.existsSync(path.join(out, '.summary.json.999.1.tmp'))).toBe(false);
  });
});

describe('divergence', () => {
  const noNonFinite = (out: string) => {
    for (const f of fs.existsSync(path.join(out, 'figures')) ? fs.readdirSync(path.join(out, 'figures')) : []) {
      expect(fs.readFileSync(path.join(out, 'figures', f), 'utf8')).not.toMatch(/Infinity|NaN/);
    }
  };

  it('learning rate 50: every trial diverged, exit 1, listed in the summary and the report', async () => {
    const out = tempDir('spectral-lr50-');
    const cfg = tinyConfig({ training: { epochs: 5, learningRate: 50 } });
    const r = await runCli(['run', '--config', writeConfig(dir, cfg, 'lr50.json'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/8 diverged \(left out of every statistic\): t0-direct-n12-trial0, t0-direct-n12-trial1, /);
    const s = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(s.trialsFailed).toBe(8);
    expect(s.diverged).toHaveLength(8);
    for (const d of s.diverged)
      expect(d.reason).toMatch(
        /^diverged: training\/divergence: .*times the label variance .*lower the learning rate, now 50/,
      );
    for (const g of s.groups) expect(g.testMse.n).toBe(0);
    const rep = await runCli(['report', out]);
    expect(rep.code).toBe(0);
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/8 trials diverged and are left out of every statistic and figure: t0-direct-n12-trial0, /);
    expect(md).not.toMatch(/No trial failed/);
    noNonFinite(out);
  });
});
