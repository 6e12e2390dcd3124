/**
 * cli/config/load-config: reads a config file (YAML or JSON), applies command-line overrides, and validates it
 * against the schema, turning the first problem into a one-paragraph UsageError that names the field, what was
 * wrong and the fix (the field's documentation and default).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';
import { usage, UsageError } from '../errors';
import { checkConfigShape, checkConfigSize, checkJsonDuplicateKeys, parseYamlConfig } from './config-limits';
import { experimentConfigSchema, type ExperimentConfig } from './schema';

type Issue = z.core.$ZodIssue & { input?: unknown };
type AnySchema = z.core.$ZodType;

/** 'students.hidden[1]' for the path ['students', 'hidden', 1]. */
export function fieldName(pathParts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of pathParts) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || 'the config';
}

/** Walks wrappers (default, optional, ...) down to the schema that validates, collecting description and default. */
function unwrap(schema: AnySchema): { schema: AnySchema; description?: string; defaultValue?: unknown } {
  let description: string | undefined;
  let defaultValue: unknown;
  let s = schema;
  for (;;) {
    description ??= (s as unknown as { description?: string }).description;
    const def = s._zod.def as unknown as {
      type: string;
      innerType?: AnySchema;
      defaultValue?: unknown;
      in?: AnySchema;
    };
    if ((def.type === 'default' || def.type === 'prefault') && defaultValue === undefined)
      defaultValue = def.defaultValue;
    if (def.innerType && ['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type))
      s = def.innerType;
    // A transform (students fills in its defaults from its own keys) documents and validates its input.
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  return { schema: s, description, defaultValue };
}

/** The schema (with its documentation) at a path of the config, if the path exists in the schema. */
export function schemaAt(
  pathParts: readonly PropertyKey[],
): { schema: AnySchema; description?: string; defaultValue?: unknown } | undefined {
  let node = unwrap(experimentConfigSchema as unknown as AnySchema);
  for (const part of pathParts) {
    const def = node.schema._zod.def as unknown as {
      type: string;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
    };
    let next: AnySchema | undefined;
    if (def.type === 'object' && typeof part === 'string') next = def.shape?.[part];
    else if (def.type === 'array') next = def.element;
    else if (def.type === 'record') next = def.valueType;
    if (!next) return undefined;
    node = unwrap(next);
  }
  return node;
}

function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function knownKeys(pathParts: readonly PropertyKey[]): string[] {
  const node = schemaAt(pathParts);
  const def = node?.schema._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** One sentence about one zod issue, with the fix. */
export function describeIssue(issue: Issue): string {
  const field = fieldName(issue.path);
  const doc = schemaAt(issue.path);
  const hint = doc?.description
    ? ` (${doc.description.replace(/\.$/, '')}${doc.defaultValue !== undefined ? `; default ${show(doc.defaultValue)}` : ''})`
    : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const where = issue.path.length ? `in ${field}` : 'at the top level';
      const shown = issue.keys.slice(0, 5).map((k) => `'${k.length > 40 ? `${k.slice(0, 37)}...` : k}'`);
      const keys = shown.join(', ') + (issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '');
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} ${where} (known keys: ${knownKeys(issue.path).join(', ')}; check the spelling or remove ${issue.keys.length > 1 ? 'them' : 'it'})`;
    }
    case 'invalid_type': {
      const got =
        issue.input === undefined && (issue as { received?: string }).received === 'NaN' ? 'NaN' : show(issue.input);
      if (issue.input === undefined && got !== 'NaN')
        return `${field} is missing: it must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}${hint}`;
      return `${field} must be ${issue.expected === 'int' ? 'an integer' : `a finite ${issue.expected}`.replace('finite string', 'string').replace('finite object', 'object').replace('finite array', 'list').replace('finite boolean', 'boolean (true or false)')}, got ${got}${hint}`;
    }
    case 'too_small': {
      if (issue.origin === 'array')
        return `${field} must list at least ${issue.minimum} entr${Number(issue.minimum) === 1 ? 'y' : 'ies'}, got ${show(issue.input)}${hint}`;
      if (issue.origin === 'string') return `${field} must not be empty${hint}`;
      return `${field} must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}, got ${show(issue.input)}${hint}`;
    }
    case 'too_big':
      return `${field} must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}, got ${show(issue.input)}${hint}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => show(v)).join(', ')}, got ${show(issue.input)}${hint}`;
    case 'invalid_union':
      return `${field} has an invalid value ${show(issue.input)}${hint}`;
    default:
      return `${field}: ${issue.message}${hint}`;
  }
}

/** Validates a parsed config object; `source` names where it came from (a file, a preset) in the error. */
export function parseConfig(raw: unknown, source: string): ExperimentConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    usage(
      'config',
      `${source} must hold a mapping of config keys (e.g. 'trials: 3'), got ${show(raw)} (see \`spectral schema\` for every key)`,
    );
  }
  const result = experimentConfigSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues as Issue[];
    const more =
      issues.length > 1 ? ` [${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} after this one]` : '';
    usage(
      'config',
      `${source}: ${describeIssue(issues[0])}.${more} Fix it in ${source} (\`spectral schema\` documents every key and its default).`,
    );
  }
  return result.data;
}

/** Reads a YAML or JSON file into a plain value, with UsageErrors for unreadable, oversized and malformed files. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    checkConfigSize(file, fs.statSync(file).size);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (err as Error).message;
    usage(
      'config',
      `cannot read the config file ${file}: ${why} (give the path of a .yaml or .json config, or use --preset NAME; \`spectral presets\` lists them)`,
    );
  }
  let value: unknown;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') {
    try {
      value = JSON.parse(text);
    } catch (err) {
      usage(
        'config',
        `${file} is not valid JSON: ${(err as Error).message} (fix the syntax, or write the config as YAML)`,
      );
    }
    checkJsonDuplicateKeys(text, file);
  } else {
    // YAML is a superset of JSON, so any other extension is read as YAML.
    value = parseYamlConfig(text, file);
  }
  checkConfigShape(value, file);
  return value;
}

/** Command-line values that override config keys (each validated with the rest of the config). */
export interface ConfigOverrides {
  trials?: number;
  epochs?: number;
  seed?: number;
  backend?: string;
  plugins?: string[];
}

/** Writes overrides into a raw config object (a copy), so that the schema validates them like any other key. */
export function applyOverrides(raw: Record<string, unknown>, o: ConfigOverrides): Record<string, unknown> {
  const out = structuredClone(raw);
  const section = (key: string): Record<string, unknown> => {
    const v = out[key];
    if (v === undefined) out[key] = {};
    else if (typeof v !== 'object' || v === null || Array.isArray(v))
      usage('config', `${key} must be a mapping, got ${show(v)} (see \`spectral schema\`)`);
    return out[key] as Record<string, unknown>;
  };
  if (o.trials !== undefined) out.trials = o.trials;
  if (o.seed !== undefined) out.seed = o.seed;
  if (o.epochs !== undefined) section('training').epochs = o.epochs;
  if (o.backend !== undefined) section('execution').backend = o.backend;
  if (o.plugins && o.plugins.length > 0) out.plugins = [...((out.plugins as string[] | undefined) ?? []), ...o.plugins];
  return out;
}
