/**
 * spectral/atomic-write: the one durable file write of the project. A reader (or a resumed run after `kill -9`, a
 * power loss or a full disk) sees either the old content or the complete new content under a file's name, never a
 * truncated file. It lives in the lowest package so that model saving and every results file share it.
 *
 * How: write to a temporary sibling (same file system, so rename is atomic) whose name is unique per host, process
 * and call, check that every byte was written, fsync it, rename it over the target, then fsync the directory so that
 * the rename itself survives a power loss. On any failure the temporary file is removed and the target is untouched.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

let counter = 0;
// Several hosts may share one directory over NFS, where process ids repeat: a tag of the host tells them apart, and
// tells a process whether a leftover's writer ran on its own host (where it can ask whether that process still lives).
const hostTag = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
const processTag = `${process.pid}-${hostTag}`;

/** An error of a durable write; `code` is the system error code (ENOSPC, EDQUOT, EACCES, ...) when there is one. */
export class WriteError extends Error {
  readonly code?: string;
  constructor(message: string, code?: string) {
    super(`spectral/writeFileAtomic: ${message}`);
    this.name = 'WriteError';
    this.code = code;
  }
}

/** Name of the temporary sibling of `file`; recognisable by `isTemporaryFile`. */
function temporaryName(file: string): string {
  counter = (counter + 1) % 1e9;
  return path.join(path.dirname(file), `.${path.basename(file)}.${processTag}.${counter}.tmp`);
}

const TEMPORARY = /^\.(.+)\.\d+(-[0-9a-f]{8})?\.\d+\.tmp$/;

/** True for the leftovers of an interrupted atomic write. */
export function isTemporaryFile(name: string): boolean {
  return TEMPORARY.test(path.basename(name));
}

/** The name of the file a temporary was being written as (`summary.json` for its temporary), or undefined. */
export function temporaryTarget(name: string): string | undefined {
  return TEMPORARY.exec(path.basename(name))?.[1];
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

/** The message for a failed write: a full disk or quota names the directory and what to do. */
function describeFailure(file: string, err: NodeJS.ErrnoException): WriteError {
  const dir = path.dirname(file);
  if (err.code === 'ENOSPC' || err.code === 'EDQUOT') {
    const what = err.code === 'ENOSPC' ? 'no space left on the file system' : 'the disk quota is exceeded';
    return new WriteError(
      `${what} holding ${dir} (${err.code}) while writing ${path.basename(file)}; nothing was left half-written ` +
        `(free space there or choose another output directory, then rerun the same command to continue)`,
      err.code,
    );
  }
  return new WriteError(
    `cannot write ${file}: ${err.message} (check that the directory is writable and the disk not full)`,
    err.code,
  );
}

/** Writes every byte of `bytes` to `fd`, or throws: a short write (a full disk can cause one) is never accepted. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const n = fs.writeSync(fd, bytes, offset, bytes.byteLength - offset);
    if (n <= 0) {
      throw Object.assign(new Error(`wrote ${offset} of ${bytes.byteLength} bytes`), { code: 'ENOSPC' });
    }
    offset += n;
  }
}

/** Writes `data` to `file` durably and atomically. Creates the parent directory if needed. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new WriteError(
      `cannot create directory ${dir}: ${(err as Error).message} (choose a writable output directory)`,
      (err as NodeJS.ErrnoException).code,
    );
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = temporaryName(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx');
    writeAll(fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (fs.statSync(tmp).size !== bytes.byteLength) {
      throw Object.assign(new Error(`the file system kept fewer than ${bytes.byteLength} bytes`), { code: 'EIO' });
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* the write error is the one to report */
      }
    }
    fs.rmSync(tmp, { force: true });
    throw describeFailure(file, err as NodeJS.ErrnoException);
  }
  fsyncDirectory(dir);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a leftover may be deleted: its writer is dead (same host), or it is older than `foreignAfterMs`. */
function abandoned(file: string, name: string, foreignAfterMs: number): boolean {
  const m = /\.(\d+)(?:-([0-9a-f]{8}))?\.\d+\.tmp$/.exec(name);
  if (!m) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return false;
  const sameHost = m[2] === undefined || m[2] === hostTag;
  if (sameHost && !processAlive(pid)) return true;
  try {
    return Date.now() - fs.statSync(file).mtimeMs > foreignAfterMs;
  } catch {
    return false;
  }
}

/**
 * Removes leftovers of interrupted atomic writes in `dir` (not recursive); returns how many. With `onlyAbandoned`,
 * only those whose writer is dead (on this host) or, written on another host, untouched for `foreignAfterMs`
 * (default 10 minutes): other processes sharing the directory may be writing the others right now.
 * `matching` narrows it further to the names a caller owns.
 */
export function removeTemporaryFiles(
  dir: string,
  options: { onlyAbandoned?: boolean; foreignAfterMs?: number; matching?: (name: string) => boolean } = {},
): number {
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!isTemporaryFile(name) || (options.matching && !options.matching(name))) continue;
    const file = path.join(dir, name);
    if (options.onlyAbandoned && !abandoned(file, name, options.foreignAfterMs ?? 600_000)) continue;
    fs.rmSync(file, { force: true });
    removed++;
  }
  return removed;
}

/** sha256 hex of a string or bytes: the content hash results records keep of the files they point to. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 hex of a file's bytes. */
export function sha256File(file: string): string {
  return sha256Hex(fs.readFileSync(file));
}
