/**
 * cli/plugins: loads plugin modules. A plugin is a JS (or TS) module that either exports `register(registries)`
 * (preferred: it then registers into exactly the package instances the CLI uses) or registers on import through the
 * packages' own register functions. Plugins load before the config is resolved, so a config may name the teachers,
 * strategies, rankings and presets they add. Worker threads load the same list.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pruning from '@spectral-ts/pruning';
import * as spectral from '@spectral-ts/spectral';
import * as teacherStudent from '@spectral-ts/teacher-student';
import * as topology from '@spectral-ts/topology';
import * as training from '@spectral-ts/training';
import { usage } from './errors';

/** What `register(registries)` receives: the register functions, and each package for anything else. */
export interface PluginRegistries {
  registerTeacher: typeof teacherStudent.registerTeacher;
  registerPreset: typeof teacherStudent.registerPreset;
  registerStrategy: typeof training.registerStrategy;
  registerRanking: typeof pruning.registerRanking;
  packages: {
    spectral: typeof spectral;
    teacherStudent: typeof teacherStudent;
    training: typeof training;
    pruning: typeof pruning;
    topology: typeof topology;
  };
}

/** The registries handed to every plugin. */
export function pluginRegistries(): PluginRegistries {
  return {
    registerTeacher: teacherStudent.registerTeacher,
    registerPreset: teacherStudent.registerPreset,
    registerStrategy: training.registerStrategy,
    registerRanking: pruning.registerRanking,
    packages: { spectral, teacherStudent, training, pruning, topology },
  };
}

const loaded = new Set<string>();
const attempted = new Set<string>();

/** Absolute paths of every plugin this process started to load (also those that failed), for error attribution. */
export function attemptedPlugins(): string[] {
  return [...attempted];
}

/** Absolute paths of the plugins loaded in this process, in load order. */
export function loadedPlugins(): string[] {
  return [...loaded];
}

/** Resolves a plugin reference relative to `baseDir` (a path) or as a package name (no ./ or /). */
export function resolvePlugin(ref: string, baseDir: string, origin: string): string {
  const looksLikePath = ref.startsWith('.') || path.isAbsolute(ref) || /\.(c|m)?[jt]s$/.test(ref);
  if (looksLikePath) {
    const file = path.resolve(baseDir, ref);
    if (!fs.existsSync(file)) {
      usage(
        'plugins',
        `cannot find the plugin '${ref}' from ${origin} (looked for ${file}; plugin paths in a config are relative to the config file, --plugin paths to the current directory)`,
      );
    }
    return file;
  }
  try {
    return require.resolve(ref, { paths: [baseDir, process.cwd()] });
  } catch {
    usage(
      'plugins',
      `cannot find the plugin package '${ref}' from ${origin} (install it, or give a path like ./my-plugin.js)`,
    );
  }
}

/** Transpiles a TypeScript plugin to CommonJS with whichever compiler is installed (esbuild, else typescript). */
function compileTypeScript(file: string): string {
  const source = fs.readFileSync(file, 'utf8');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as { transformSync(code: string, o: object): { code: string } };
    return esbuild.transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: file }).code;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as typeof import('typescript');
    return ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    }).outputText;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  usage(
    'plugins',
    `the plugin ${file} is TypeScript, and neither esbuild nor typescript is installed to compile it (compile it to .js, or npm install typescript)`,
  );
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  if (/\.ts$|\.cts$/.test(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require('module') as {
      new (id: string): {
        _compile(code: string, file: string): void;
        exports: unknown;
        filename: string;
        paths: string[];
      };
      _nodeModulePaths(dir: string): string[];
    };
    const m = new Module(file);
    m.filename = file;
    m.paths = Module._nodeModulePaths(path.dirname(file));
    m._compile(compileTypeScript(file), file);
    return m.exports as Record<string, unknown>;
  }
  if (file.endsWith('.mjs')) {
    // A real dynamic import (tsup would turn a literal import() into require in the CJS build).
    const dynamicImport = new Function('specifier', 'return import(specifier)') as (
      s: string,
    ) => Promise<Record<string, unknown>>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return dynamicImport(require('url').pathToFileURL(file).href);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Record<string, unknown>;
}

/** Loads one plugin (once per process) and calls its register function if it has one. Returns its absolute path. */
export async function loadPlugin(ref: string, baseDir: string, origin: string): Promise<string> {
  const file = resolvePlugin(ref, baseDir, origin);
  if (loaded.has(file)) return file;
  attempted.add(file);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(file);
  } catch (err) {
    if ((err as Error).name === 'UsageError') throw err;
    usage(
      'plugins',
      `the plugin ${file} (from ${origin}) failed to load: ${(err as Error).message} (fix the plugin; it must be a CommonJS/ESM module)`,
    );
  }
  const register = (mod.register ?? (mod.default as Record<string, unknown> | undefined)?.register) as
    ((r: PluginRegistries) => unknown) | undefined;
  if (register !== undefined) {
    if (typeof register !== 'function')
      usage(
        'plugins',
        `the plugin ${file} exports 'register' but it is not a function (export function register(registries) { ... })`,
      );
    try {
      await register(pluginRegistries());
    } catch (err) {
      usage('plugins', `the plugin ${file} (from ${origin}) failed in register(): ${(err as Error).message}`);
    }
  }
  loaded.add(file);
  return file;
}

/** Loads plugins in order; returns their absolute paths. */
export async function loadPlugins(refs: readonly string[], baseDir: string, origin: string): Promise<string[]> {
  const out: string[] = [];
  for (const ref of refs) out.push(await loadPlugin(ref, baseDir, origin));
  return out;
}
