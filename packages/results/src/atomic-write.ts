/**
 * results/atomic-write: writes a file so that a reader (or a resumed run after `kill -9`) sees either the old content
 * or the complete new content, never a truncated file.
 *
 * How: write to a temporary file in the same directory (same file system, so rename is atomic), fsync it, rename it
 * over the target, then fsync the directory so that the rename itself survives a power loss.
 */
import * as fs from 'fs';
import * as path from 'path';

let counter = 0;

function fail(message: string): never {
  throw new Error(`results/writeFileAtomic: ${message}`);
}

/** Name of the temporary sibling of `file`; unique per process and call, and recognisable by `isTemporaryFile`. */
function temporaryName(file: string): string {
  counter = (counter + 1) % 1e9;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter}.tmp`);
}

/** True for the leftovers of an interrupted atomic write (safe to delete when no writer is running). */
export function isTemporaryFile(name: string): boolean {
  return /^\..+\.\d+\.\d+\.tmp$/.test(path.basename(name));
}

function fsyncDirectory(dir: string): void {
  // Directory fsync is not supported everywhere (e.g. Windows); the rename is still atomic there.
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes `data` to `file` atomically (temp file + fsync + rename). Creates the parent directory if needed. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    fail(`cannot create directory ${dir}: ${(err as Error).message} (choose a writable output directory)`);
  }
  const tmp = temporaryName(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    fail(`cannot write ${file}: ${(err as Error).message} (check that the directory is writable and the disk not full)`);
  }
  fsyncDirectory(dir);
}

/**
 * Writes a value as pretty-printed JSON, atomically. Non-finite numbers have no JSON form (JSON.stringify would write
 * null silently), so they are rejected with the path of the offending field.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new Error(`results/writeJsonAtomic: field '${key}' of ${path.basename(file)} is ${v} (record non-finite values as a failure reason, not as numbers)`);
      }
      return v;
    },
    2,
  );
  writeFileAtomic(file, text + '\n');
}

/** Removes leftovers of interrupted atomic writes in `dir` (not recursive). Returns how many were removed. */
export function removeTemporaryFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    if (isTemporaryFile(name)) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
