/**
 * Runs the TypeScript examples of a README as a reader would paste them: every ```ts block is one program, bundled
 * with esbuild (the workspace's @spectral-ts packages from their sources, as jest maps them; every other package
 * from node_modules) and run by Node in a fresh temporary directory. Used by each package's test/readme.test.ts.
 * Plain JavaScript with a .d.ts beside it, so that the packages' tsconfigs (rootDir = the package) can import it.
 */
'use strict';
const { spawnSync } = require('child_process');
const { createHash } = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { build } = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
// Inside the root node_modules, so that the bundle's external imports resolve from there.
const BUNDLES = path.join(ROOT, 'node_modules', '.cache', 'readme-examples');
const WORKSPACES = {
  statistics: 'packages/statistics/src/index.ts',
  spectral: 'packages/spectral/src/index.ts',
  'spectral/node': 'packages/spectral/src/node.ts',
  'teacher-student': 'packages/teacher-student/src/index.ts',
  'image-datasets': 'packages/image-datasets/src/index.ts',
  training: 'packages/training/src/index.ts',
  pruning: 'packages/pruning/src/index.ts',
  topology: 'packages/topology/src/index.ts',
  results: 'packages/results/src/index.ts',
  report: 'apps/report/src/index.ts',
  cli: 'apps/cli/src/index.ts',
};

/** The ```ts blocks of a README, in order: { line (of the opening fence, 1-based), code }. */
function readmeExamples(readmeFile) {
  const text = fs.readFileSync(readmeFile, 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
    line: text.slice(0, m.index).split('\n').length,
    code: m[1],
  }));
}

const sources = {
  name: 'spectral-ts-sources',
  setup(b) {
    // the native kernel finds its compiled addon next to its package: run its built entry from node_modules
    b.onResolve({ filter: /^@spectral-ts\/kernel-native$/ }, (args) => ({ path: args.path, external: true }));
    b.onResolve({ filter: /^@spectral-ts\// }, (args) => {
      const entry = WORKSPACES[args.path.slice('@spectral-ts/'.length)];
      return entry ? { path: path.join(ROOT, entry) } : { errors: [{ text: `unknown workspace entry ${args.path}` }] };
    });
    // everything else (tfjs, graphology, ...) stays an import of node_modules
    b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * Bundles and runs one example in a new temporary directory (removed afterwards); `prepare(dir)` may put there what
 * the README says the example expects (a results directory, say). Resolves to { status, stdout, stderr }.
 */
async function runExample(code, prepare) {
  fs.mkdirSync(BUNDLES, { recursive: true });
  const file = path.join(BUNDLES, `${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  await build({
    stdin: { contents: code, loader: 'ts', resolveDir: ROOT, sourcefile: 'README example' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    logLevel: 'silent',
    plugins: [sources],
    // the workspace sources are CommonJS-style TypeScript; a require shim lets their bundled form load as ESM
    banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
  });
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
  try {
    if (prepare) prepare(cwd);
    // The native TensorFlow backend logs its oneDNN notice at start-up whatever TF_CPP_MIN_LOG_LEVEL says; those
    // lines are not the example's output (the examples print no numbers that oneDNN's op order would move).
    const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', TF_ENABLE_ONEDNN_OPTS: '0' };
    const r = spawnSync(process.execPath, [file], { cwd, env, encoding: 'utf8', timeout: 120000 });
    // Whether this machine built the native kernel is not the example's business: training's one-line fallback note
    // is left out of what the test reads.
    const stderr = r.stderr.replace(/^training: native kernel unavailable: .*; engine auto uses wasm-simd\n/m, '');
    return { status: r.status, stdout: r.stdout, stderr };
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
    fs.rmSync(file, { force: true });
  }
}

/**
 * Type-checks the examples of the given READMEs in one tsc run (strict; the workspace packages from their sources;
 * bundler resolution, so top-level await and extensionless imports are allowed as in the bundled run). Returns tsc's
 * diagnostics, each naming README.md:line, and an empty list when everything checks.
 */
function typecheckExamples(readmeFiles) {
  const dir = path.join(BUNDLES, `typecheck-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const names = new Map();
  for (const readme of readmeFiles) {
    for (const e of readmeExamples(readme)) {
      const name = `example${names.size}.ts`;
      // `export {}` makes every example a module, so two examples' top-level names never collide
      fs.writeFileSync(path.join(dir, name), `${e.code}\nexport {};\n`);
      names.set(name, `${path.relative(ROOT, readme)}:${e.line}`);
    }
  }
  const paths = Object.fromEntries(
    Object.entries(WORKSPACES).map(([k, v]) => [`@spectral-ts/${k}`, [path.join(ROOT, v)]]),
  );
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'ESNext',
      moduleResolution: 'bundler',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      paths,
    },
    include: ['*.ts'],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return r.stdout
    .split('\n')
    .filter((l) => /error TS/.test(l))
    .map((l) => {
      const m = /([^\\/]+\.ts)\((\d+),\d+\)/.exec(l);
      return m && names.has(m[1]) ? `${names.get(m[1])} (+${Number(m[2]) - 1} lines): ${l}` : l;
    });
}

module.exports = { readmeExamples, runExample, typecheckExamples };
