/**
 * The packages as a user gets them: `npm pack` every workspace, install the tarballs into a new project in a temporary
 * directory outside the repository, and there require and import each package, type-check a TypeScript file importing
 * each (moduleResolution nodenext, ESM and CJS) and run the installed `spectral` on a tiny experiment.
 *
 * The install is offline when the npm cache holds every package's metadata and falls back to --prefer-offline (cached
 * tarballs, metadata from the registry) when it does not: `npm ci` caches tarballs only. Scripts are skipped and the
 * optional native backend left out, since its installer downloads libtensorflow; the installed CLI runs on wasm/cpu.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..', '..');
const WORKSPACES = [
  ...['statistics', 'kernel-native', 'spectral', 'teacher-student', 'image-datasets', 'training'],
  ...['pruning', 'topology', 'results', 'report', 'cli'],
];
const ENTRIES = [...WORKSPACES.slice(0, 3), 'spectral/node', ...WORKSPACES.slice(3)].map((w) => `@spectral-ts/${w}`);
// one export per entry that must be there, as the entry's index.ts names it
const EXPECTED_EXPORT: Record<string, string> = {
  '@spectral-ts/statistics': 'bootstrapInterval',
  '@spectral-ts/kernel-native': 'loadNativeKernel',
  '@spectral-ts/spectral': 'SpectralDense',
  '@spectral-ts/spectral/node': 'saveModel',
  '@spectral-ts/teacher-student': 'createTeacher',
  '@spectral-ts/image-datasets': 'loadImageDataset',
  '@spectral-ts/training': 'trainTrials',
  '@spectral-ts/pruning': 'analyzePruning',
  '@spectral-ts/topology': 'toGraph',
  '@spectral-ts/results': 'readResults',
  '@spectral-ts/report': 'writeReport',
  '@spectral-ts/cli': 'main',
};
const TYPES_NODE = '@types/node@20.19.43';

/** The environment without the npm_* variables of an enclosing `npm test`, which would reconfigure the child npm. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

function run(cmd: string, args: string[], cwd: string): { status: number | null; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

interface PackResult {
  name: string;
  filename: string;
  files: { path: string }[];
}

describe('the packed packages in a fresh project', () => {
  let project: string;
  let packed: PackResult[];

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-fresh-'));
    const tarballs = path.join(project, 'tarballs');
    fs.mkdirSync(tarballs);
    const workspaceArgs = WORKSPACES.flatMap((w) => ['-w', `@spectral-ts/${w}`]);
    const pack = run(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', tarballs, ...workspaceArgs],
      REPO,
    );
    if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.err}`);
    packed = JSON.parse(pack.out) as PackResult[];

    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'fresh', version: '1.0.0', private: true }),
    );
    const files = packed.map((p) => `./tarballs/${p.filename}`);
    const base = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=optional', '--save-exact'];
    let install = run('npm', [...base, '--offline', ...files, TYPES_NODE], project);
    if (install.status !== 0 && /ENOTCACHED/.test(install.err)) {
      install = run('npm', [...base, '--prefer-offline', ...files, TYPES_NODE], project);
    }
    if (install.status !== 0) throw new Error(`npm install of the tarballs failed: ${install.err}`);
  });

  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it('packs every workspace with its LICENSE and README, dist without sourcemaps, nothing from src or test', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(WORKSPACES.map((w) => `@spectral-ts/${w}`).sort());
    for (const p of packed) {
      const paths = p.files.map((f) => f.path);
      expect({ name: p.name, license: paths.includes('LICENSE'), readme: paths.includes('README.md') }).toEqual({
        name: p.name,
        license: true,
        readme: true,
      });
      expect({ name: p.name, maps: paths.filter((f) => f.endsWith('.map')) }).toEqual({ name: p.name, maps: [] });
      expect({ name: p.name, other: paths.filter((f) => /^(src|test)\//.test(f)) }).toEqual({
        name: p.name,
        other: [],
      });
      expect(paths).toEqual(
        expect.arrayContaining(['dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/index.d.mts']),
      );
    }
    // the project lies outside the repository and holds copies, not links into it
    expect(path.relative(REPO, project).startsWith('..')).toBe(true);
    const installed = fs.realpathSync(path.join(project, 'node_modules', '@spectral-ts', 'spectral'));
    expect(installed.startsWith(project)).toBe(true);
  });

  it.each([
    ['require', 'cjs', 'require(name)'],
    ['import', 'mjs', 'await import(name)'],
  ])('every entry loads with %s and has its exports', (_how, ext, load) => {
    const script =
      `const names = ${JSON.stringify(ENTRIES)};\nconst out = {};\n` +
      `for (const name of names) { const m = ${load}; out[name] = Object.keys(m).filter((k) => typeof m[k] === 'function'); }\n` +
      'process.stdout.write(JSON.stringify(out));\n';
    const file = path.join(project, `load.${ext}`);
    fs.writeFileSync(file, ext === 'mjs' ? script : `(async () => {\n${script}})();\n`);
    const r = run(process.execPath, [file], project);
    expect(r.err).toBe('');
    const exportsOf = JSON.parse(r.out) as Record<string, string[]>;
    for (const name of ENTRIES)
      expect({ name, has: exportsOf[name].includes(EXPECTED_EXPORT[name]) }).toEqual({ name, has: true });
    // the browser-safe main entry of spectral leaves the file system to ./node
    expect(exportsOf['@spectral-ts/spectral']).not.toContain('saveModel');
  });

  it('the installed image-datasets reads the images of its data package, from ESM and CommonJS', () => {
    const load =
      "const d = m.loadImageDataset('mnist'); process.stdout.write(`${d.rows} ${d.inputDim} ${d.classes}`);\n";
    fs.writeFileSync(path.join(project, 'images.mjs'), `import * as m from '@spectral-ts/image-datasets';\n${load}`);
    fs.writeFileSync(path.join(project, 'images.cjs'), `const m = require('@spectral-ts/image-datasets');\n${load}`);
    for (const file of ['images.mjs', 'images.cjs']) {
      const r = run(process.execPath, [file], project);
      expect({ file, err: r.err, out: r.out }).toEqual({ file, err: '', out: '10000 784 10' });
    }
  });

  it('type-checks an ESM and a CJS file importing every entry (nodenext): .d.mts for import, .d.ts for require', () => {
    const imports = ENTRIES.map((name, i) => `import { ${EXPECTED_EXPORT[name]} as e${i} } from '${name}';`).join('\n');
    const body =
      "import type { NetworkWeights } from '@spectral-ts/spectral';\n" +
      `${imports}\n` +
      `const teacher: NetworkWeights | undefined = e${ENTRIES.indexOf('@spectral-ts/teacher-student')}({ kind: "nn" }).network;\n` +
      `export const used = [teacher, ${ENTRIES.map((_, i) => `e${i}`).join(', ')}];\n`;
    fs.writeFileSync(path.join(project, 'esm.mts'), body);
    fs.writeFileSync(path.join(project, 'cjs.cts'), body);
    const tsconfig = {
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        types: ['node'],
      },
      files: ['esm.mts', 'cjs.cts'],
    };
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    const r = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.', '--listFiles'], project);
    // tfjs 4.22's own declarations fail a full lib check (they use an undeclared Long, and index signatures strict
    // TypeScript rejects); every other declaration file, these packages' included, must check cleanly.
    const errors = r.out.split('\n').filter((l) => /error TS/.test(l));
    expect(errors.filter((l) => !l.startsWith('node_modules/@tensorflow/'))).toEqual([]);
    expect(r.out).toMatch(/node_modules\/@spectral-ts\/spectral\/dist\/index\.d\.mts/);
    const listed = r.out.split('\n').map((l) => l.replace(/\\/g, '/'));
    for (const entry of ENTRIES) {
      const [pkg, sub = 'index'] = entry.replace('@spectral-ts/', '').split('/');
      for (const dts of [`${sub}.d.mts`, `${sub}.d.ts`]) {
        const want = `node_modules/@spectral-ts/${pkg}/dist/${dts}`;
        expect({ want, listed: listed.some((l) => l.endsWith(want)) }).toEqual({ want, listed: true });
      }
    }
  });

  it('runs the installed spectral on a tiny experiment and reports it', () => {
    const config = {
      teacher: { kind: 'nn', hidden: [6, 6] },
      data: { train: 300, test: 200 },
      students: { hidden: [8], variants: ['spectral', 'direct'] },
      training: { epochs: 3 },
      trials: 1,
      execution: { backend: 'cpu' },
    };
    fs.writeFileSync(path.join(project, 'tiny.json'), JSON.stringify(config));
    const bin = path.join(project, 'node_modules', '.bin', 'spectral');
    const r = run(bin, ['run', '--config', 'tiny.json', '--out', 'out', '--quiet', '--workers', '1'], project);
    // The installed tarballs carry the kernel's sources, not a compiled addon: training says once that it falls back.
    const stderr = r.err
      .split('\n')
      .filter((l) => l && !/^training: native kernel unavailable: .*; engine auto uses wasm-simd$/.test(l));
    expect(stderr).toEqual([]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(project, 'out', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: true, trialsTotal: 2, trialsFinished: 2, trialsFailed: 0 });
    for (const g of summary.groups) expect(Number.isFinite(g.testMse.mean) && g.testMse.mean > 0).toBe(true);
    const report = execFileSync(bin, ['report', 'out'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    expect(report).toMatch(/report written/);
    expect(fs.statSync(path.join(project, 'out', 'report.html')).size).toBeGreaterThan(10000);
  });
});
