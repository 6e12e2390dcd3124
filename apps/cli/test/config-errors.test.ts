// Bad input never crashes: each case is one paragraph naming the field and the fix, exit code 2, no stack trace.
import * as fs from 'fs';
import * as path from 'path';
import { PLUGIN_EXAMPLE, runCli, tempDir, tinyConfig, writeConfig } from './helpers';

const dir = tempDir('spectral-bad-');

type Case = [name: string, config: unknown, expected: RegExp, extraArgs?: string[]];

const cases: Case[] = [
  [
    'unknown top-level key',
    tinyConfig({ epochs: 5 }),
    /unknown key 'epochs' at the top level \(known keys: name, description, teacher, teachers, data, students, training/,
  ],
  [
    'unknown nested key',
    tinyConfig({ training: { epoch: 5 } }),
    /unknown key 'epoch' in training \(known keys: epochs, engine, learningRate, batchSize, variants; check the spelling/,
  ],
  [
    'negative student size',
    tinyConfig({ students: { hidden: [40, -5] } }),
    /students\.hidden\[1\] must be > 0, got -5/,
  ],
  [
    'fractional size',
    tinyConfig({ students: { hidden: [4.5] } }),
    /students\.hidden\[0\] must be an integer, got 4\.5/,
  ],
  [
    'empty size list',
    tinyConfig({ students: { hidden: [] } }),
    /students\.hidden must list at least 1 entry, got \[\]/,
  ],
  [
    'learning rate 0',
    tinyConfig({ training: { learningRate: 0 } }),
    /training\.learningRate must be > 0, got 0 \(Adam learning rate/,
  ],
  [
    'learning rate NaN (YAML .nan)',
    'training: { learningRate: .nan }\n',
    /training\.learningRate must be a finite number, got NaN/,
  ],
  [
    'per-variant learning rate 0',
    tinyConfig({ training: { variants: { spectral: { learningRate: 0 } } } }),
    /training\.variants\.spectral\.learningRate must be > 0, got 0/,
  ],
  ['zero trials', tinyConfig({ trials: 0 }), /trials must be > 0, got 0 \(Trials per/],
  ['validation split 1', tinyConfig({ data: { validationSplit: 1 } }), /data\.validationSplit must be < 1, got 1/],
  [
    'string where a number belongs',
    tinyConfig({ training: { epochs: 'many' } }),
    /training\.epochs must be a finite number, got "many"/,
  ],
  [
    'unknown backend',
    tinyConfig({ execution: { backend: 'gpu' } }),
    /execution\.backend must be one of "auto", "tensorflow", "wasm", "cpu", got "gpu"/,
  ],
  [
    'unknown variant',
    tinyConfig({ students: { variants: ['spectral', 'sgd'] } }),
    /students\.variants\[1\] is invalid: training\/getStrategy: unknown strategy 'sgd' \(registered: spectral, direct/,
  ],
  [
    'overrides for a variant not run',
    tinyConfig({ training: { variants: { alternating: { period: 5 } } } }),
    /training\.variants has overrides for 'alternating', which is not in students\.variants/,
  ],
  [
    'unknown teacher kind',
    tinyConfig({ teacher: { kind: 'gaussian-mixture' } }),
    /teacher is invalid: teacher-student\/createTeacher: unknown teacher kind "gaussian-mixture" \(registered kinds: nn/,
  ],
  [
    'misspelt teacher field',
    tinyConfig({ teacher: { kind: 'nn', hiden: [20, 20] } }),
    /teacher is invalid: .*unknown field 'hiden'/,
  ],
  ['teacher and teachers', tinyConfig({ teachers: [{ kind: 'nn' }] }), /both teacher and teachers are set/],
  ['repeated student size', tinyConfig({ students: { hidden: [6, 6] } }), /students\.hidden lists 6 more than once/],
  [
    'unknown ranking',
    tinyConfig({ pruning: { ranking: 'magic' } }),
    /pruning\.ranking is invalid: .*unknown ranking 'magic'/,
  ],
  ['config is a list', '[1, 2]\n', /must hold a mapping of config keys/],
  ['YAML syntax error', 'trials: [1,\nseed: 3\n', /is not valid YAML at line \d+, column \d+/],
  ['JSON syntax error', '{"trials": 3,}', /is not valid JSON/],
  [
    'missing plugin in the config',
    tinyConfig({ plugins: ['./no-such-plugin.js'] }),
    /cannot find the plugin '\.\/no-such-plugin\.js' from .*config\.(json|yaml).*relative to the config file/,
  ],
  [
    '--trials negative',
    tinyConfig(),
    /option '--trials <n>' argument '-1' is invalid\. --trials must be an integer >= 1/,
    ['--trials', '-1'],
  ],
  ['--workers 0', tinyConfig(), /--workers must be an integer >= 1, got '0'/, ['--workers', '0']],
  [
    'missing plugin on the command line',
    tinyConfig(),
    /cannot find the plugin '\.\/nope\.js' from --plugin/,
    ['--plugin', './nope.js'],
  ],
];

describe('spectral run rejects bad input with exit code 2 and a one-paragraph message', () => {
  it.each(cases)('%s', async (name, config, expected, extraArgs = []) => {
    const ext =
      typeof config === 'string' && name.includes('JSON') ? 'json' : typeof config === 'string' ? 'yaml' : 'json';
    const file = writeConfig(dir, config, `${name.replace(/\W+/g, '-')}.${ext}`);
    const out = path.join(dir, `out-${name.replace(/\W+/g, '-')}`);
    const r = await runCli(['run', '--config', file, '--out', out, ...extraArgs]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(expected);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    // Nothing was trained or written.
    expect(fs.existsSync(path.join(out, 'trials'))).toBe(false);
  });

  it('names an unreadable config file', async () => {
    const r = await runCli(['run', '--config', path.join(dir, 'absent.yaml'), '--out', path.join(dir, 'o1')]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(/cannot read the config file .*absent\.yaml: it does not exist/);
  });

  it('names an unknown preset and lists the known ones', async () => {
    const r = await runCli(['run', '--preset', 'papr', '--out', path.join(dir, 'o2')]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(/no preset named "papr" \(known presets: .*paper-mini.*quick/);
  });

  it('refuses an output directory that cannot be written', async () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'not a directory');
    const r = await runCli([
      'run',
      '--config',
      writeConfig(dir, tinyConfig(), 'ok.json'),
      '--out',
      path.join(blocker, 'results'),
    ]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(
      /cannot write to the output directory .*a-file\/results: (ENOTDIR|EEXIST).*choose a writable --out directory/,
    );
  });

  it('refuses a non-empty directory that is not a results directory', async () => {
    const other = tempDir('spectral-other-');
    fs.writeFileSync(path.join(other, 'notes.txt'), 'mine');
    const r = await runCli(['run', '--config', writeConfig(dir, tinyConfig(), 'ok2.json'), '--out', other]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(/is not empty and is not a results directory/);
  });

  it('refuses to resume into a directory made from a different config, naming the differences', async () => {
    const out = tempDir('spectral-resume-');
    const first = await runCli([
      'run',
      '--config',
      writeConfig(dir, tinyConfig({ students: { hidden: [4] }, trials: 1 }), 'r1.json'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(first.code).toBe(0);
    const r = await runCli([
      'run',
      '--config',
      writeConfig(dir, tinyConfig({ students: { hidden: [4] }, trials: 1, seed: 6 }), 'r2.json'),
      '--out',
      out,
    ]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(
      /holds results of a different config \(seed: 5 in the directory, 6 now\)\. Resuming would mix two experiments: use a new --out directory/,
    );
    // --resume without a config continues with the directory's own config.
    const resumed = await runCli(['run', '--out', out, '--resume', '--quiet']);
    expect(resumed.code).toBe(0);
  });
});

describe('other commands', () => {
  it('prints help with examples for every command', async () => {
    for (const cmd of ['run', 'prune', 'analyze', 'report', 'presets', 'schema', 'registries']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Examples?:\n\s+\$ spectral/);
    }
  });

  it('lists presets, prints one, and documents the config schema', async () => {
    const list = await runCli(['presets']);
    expect(list.out).toMatch(/^paper-mini\s+/m);
    const one = await runCli(['presets', 'quick']);
    expect(JSON.parse(one.out).students.hidden).toEqual([40, 100]);
    const schema = JSON.parse((await runCli(['schema'])).out);
    expect(schema.properties.trials.default).toBe(10);
    expect(schema.properties.training.properties.epochs.description).toMatch(/method spec §3/);
    expect(schema.additionalProperties).toBe(false);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runCli(['fly'])).code).toBe(2);
    expect((await runCli(['run', '--preset', 'quick', '--out', dir, '--frobnicate'])).code).toBe(2);
  });

  it('loads the example plugin for listings', async () => {
    const r = await runCli(['registries', '--plugin', PLUGIN_EXAMPLE]);
    expect(r.out).toMatch(/wide-relu/);
    expect(r.out).toMatch(/eigenvector-norm/);
  });
});
