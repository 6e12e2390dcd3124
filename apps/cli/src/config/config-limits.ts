/**
 * cli/config/config-limits: the bounds a config file must stay within before anything reads it as a config: its size,
 * its nesting depth and entry count, and unique keys in every mapping (JSON included: JSON.parse keeps the last of
 * two equal keys silently). Every check is linear in the size of the file, so a hostile file costs milliseconds.
 */
import YAML, { isMap, isScalar, isSeq, LineCounter, type Document } from 'yaml';
import { usage } from '../errors';

/** A config is a few kilobytes (the paper preset is under 2 KB); this leaves room for long sweeps and comments. */
export const MAX_CONFIG_BYTES = 128 * 1024;
/** Mappings and lists nested deeper than this are not a config (the schema's deepest path is 5 levels). */
export const MAX_CONFIG_DEPTH = 16;
/** Keys and list entries of the whole config, counted after YAML aliases are expanded. */
export const MAX_CONFIG_ENTRIES = 10_000;
/** YAML aliases a config may expand (the yaml library's default bound: more is a "billion laughs" bomb). */
export const MAX_YAML_ALIASES = 100;

/** Refuses a file larger than MAX_CONFIG_BYTES, before reading it. */
export function checkConfigSize(file: string, bytes: number): void {
  if (bytes > MAX_CONFIG_BYTES) {
    usage(
      'config',
      `${file} is ${bytes} bytes, more than the ${MAX_CONFIG_BYTES} a config may have (a config is a few kilobytes; ` +
        'list sweeps with students.hidden / teachers, not one key per run)',
    );
  }
}

/** Refuses a parsed config nested deeper than MAX_CONFIG_DEPTH or with more than MAX_CONFIG_ENTRIES entries. */
export function checkConfigShape(value: unknown, file: string): void {
  let entries = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_CONFIG_DEPTH) {
      usage(
        'config',
        `${file} nests mappings or lists deeper than ${MAX_CONFIG_DEPTH} levels (a config needs at most 5; see \`spectral schema\`)`,
      );
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    entries += children.length;
    if (entries > MAX_CONFIG_ENTRIES) {
      usage(
        'config',
        `${file} has more than ${MAX_CONFIG_ENTRIES} keys and list entries (a config has a few dozen; see \`spectral schema\`)`,
      );
    }
    for (const c of children) stack.push([c, depth + 1]);
  }
}

function duplicateMessage(file: string, key: string, line: number | undefined): never {
  const where = line ? ` at line ${line}` : '';
  usage(
    'config',
    `${file} sets the key ${JSON.stringify(key.length > 40 ? `${key.slice(0, 37)}...` : key)} twice${where} (keep one of them: the second would silently win)`,
  );
}

/** Refuses a YAML document with a key repeated in one mapping (a Set per mapping: linear, unlike a pairwise check). */
export function checkYamlDuplicateKeys(doc: Document, lines: LineCounter, file: string): void {
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          const offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
          duplicateMessage(file, key, offset === undefined ? undefined : lines.linePos(offset).line);
        }
        seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) stack.push(...node.items);
  }
}

/** Line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Refuses a JSON text (already known to parse) with a key repeated in one object. One pass over the text: a stack of
 * key sets, one per open object; a string followed by ':' is a key of the innermost object.
 */
export function checkJsonDuplicateKeys(text: string, file: string): void {
  const objects: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') objects.push(new Set());
    else if (c === '[') objects.push(null);
    else if (c === '}' || c === ']') objects.pop();
    else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      const keys = objects[objects.length - 1];
      if (text[j] === ':' && keys) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (keys.has(key)) duplicateMessage(file, key, lineAt(text, start));
        keys.add(key);
      }
    }
  }
}

/** Parses YAML text with the bounds above; syntax errors name the line and column. */
export function parseYamlConfig(text: string, file: string): unknown {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    usage(
      'config',
      `${file} is not valid YAML${where}: ${e.message.split('\n')[0]} (fix the syntax; YAML uses 'key: value' with spaces for indentation)`,
    );
  }
  checkYamlDuplicateKeys(doc, lines, file);
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    usage(
      'config',
      `${file} expands YAML aliases (*name) more than ${MAX_YAML_ALIASES} times: ${(err as Error).message} (write the values out, or use fewer aliases)`,
    );
  }
}
