/**
 * results/foreign-entries: what in a directory a results directory may not hold (layout's RESULTS_ROOT), so that a
 * run refuses a directory where its files would mix with, or overwrite, someone else's.
 */
import * as fs from 'fs';
import * as path from 'path';
import { temporaryTarget } from './atomic-write';
import { OS_METADATA_FILES, RESULTS_ROOT, type FolderRule } from './layout';

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false; // a dangling link or an entry gone since it was listed: judged as a file
  }
}

function walk(dir: string, rule: FolderRule, relative: string, found: string[], limit: number): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return; // unreadable: writing into it fails later with its own message
  }
  for (const name of names) {
    if (found.length >= limit) return;
    const shown = relative ? `${relative}/${name}` : name;
    const file = path.join(dir, name);
    if (isFolder(file)) {
      const inner = rule.folders?.(name);
      if (!inner) found.push(`${shown}/`);
      else if (!inner.whole) walk(file, inner, shown, found, limit);
      continue;
    }
    const target = temporaryTarget(name) ?? name;
    if (!rule.files?.(target) && !OS_METADATA_FILES.has(name)) found.push(shown);
  }
}

/**
 * The entries of `dir` that a results directory may not hold, in sorted order, at most `limit` of them: paths
 * relative to `dir`, folders ending in '/'. Empty for a results directory that holds only what spectral-ts wrote.
 */
export function foreignEntries(dir: string, limit = Infinity): string[] {
  const found: string[] = [];
  walk(path.resolve(dir), RESULTS_ROOT, '', found, limit);
  return found;
}
