/**
 * cli/claims: exclusive, crash-safe claims on names in a directory, shared by every process that works on one results
 * directory (on one machine, or on many over NFS). A claim is a file created with O_EXCL (atomic on local file
 * systems and on NFSv3+), holding who made it; a heartbeat thread keeps its modification time fresh, so a claim left
 * by a killed process goes stale after its timeout and is retaken. The heartbeat runs on its own thread because a
 * unit trained on the main thread can block the event loop for longer than the timeout.
 *
 * Taking over a stale claim: rename it to a name unique to this process (only one renamer wins), check that what was
 * renamed is still the stale claim that was seen (else put it back with link, which never overwrites), delete it, and
 * create a fresh claim with O_EXCL. A claim made on this host by a process that is gone is stale at once. Hosts must keep their clocks roughly in step (NTP): ages are mtime differences.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';

/** What a claim file holds. */
export interface ClaimInfo {
  host: string;
  pid: number;
  /** Unique per claim, so that a process releases only what it holds. */
  token: string;
  claimedAt: string;
  /** The claimant's promise: its heartbeat touches the file at least this often (ms) while it lives. */
  staleMs: number;
}

/** A claim seen on disk. */
export interface ClaimState {
  name: string;
  info?: ClaimInfo;
  /** Milliseconds since the last heartbeat. */
  ageMs: number;
  stale: boolean;
}

export interface ClaimOptions {
  /** A claim whose heartbeat is older than this is retaken (default 60 s). */
  staleMs?: number;
}

/** Default stale timeout: long against a heartbeat every staleMs / 6 and against clock skew between hosts. */
export const DEFAULT_CLAIM_STALE_MS = 60_000;
const SUFFIX = '.claim';

// The heartbeat thread: touches the files it is told about, on its own timer.
const HEARTBEAT_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const fs = require('fs');
const files = new Set();
parentPort.on('message', (m) => { if (m.add) files.add(m.add); if (m.remove) files.delete(m.remove); });
setInterval(() => {
  const now = new Date();
  for (const f of files) { try { fs.utimesSync(f, now, now); } catch { /* released or taken over */ } }
}, workerData.everyMs);
`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readInfo(file: string): ClaimInfo | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as ClaimInfo;
    return typeof v.token === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The claims of one directory, as held by this process. */
export class ClaimStore {
  readonly dir: string;
  readonly staleMs: number;
  private readonly held = new Map<string, string>();
  private heartbeat?: Worker;

  constructor(dir: string, options: ClaimOptions = {}) {
    this.dir = dir;
    this.staleMs = options.staleMs ?? DEFAULT_CLAIM_STALE_MS;
  }

  private file(name: string): string {
    return path.join(this.dir, name + SUFFIX);
  }

  private beat(message: { add?: string; remove?: string }): void {
    if (!this.heartbeat) {
      const everyMs = Math.max(50, Math.floor(this.staleMs / 6));
      this.heartbeat = new Worker(HEARTBEAT_SOURCE, { eval: true, workerData: { everyMs } });
      this.heartbeat.unref();
    }
    this.heartbeat.postMessage(message);
  }

  /** The claim on `name` as it is on disk now, or undefined when there is none. */
  inspect(name: string): ClaimState | undefined {
    const file = this.file(name);
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const info = readInfo(file);
    const ageMs = Math.max(0, Date.now() - mtimeMs);
    // A file without readable content is a claim being created (or a crash between create and write). A claimant
    // on this host that no longer runs needs no timeout.
    const dead =
      info !== undefined && info.host === os.hostname() && info.pid !== process.pid && !processAlive(info.pid);
    return { name, info, ageMs, stale: dead || ageMs > (info?.staleMs ?? this.staleMs) };
  }

  /** Every claim in the directory. */
  list(): ClaimState[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((n) => n.endsWith(SUFFIX))
      .map((n) => this.inspect(n.slice(0, -SUFFIX.length)))
      .filter((c): c is ClaimState => c !== undefined);
  }

  /** True when this process holds `name`. */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Claims `name` for this process; false when a live claim of another process holds it. */
  tryClaim(name: string): boolean {
    if (this.held.has(name)) return true;
    fs.mkdirSync(this.dir, { recursive: true });
    if (this.create(name)) return true;
    const seen = this.inspect(name);
    if (seen === undefined) return this.create(name);
    if (!seen.stale) return false;
    return this.takeOver(name, seen) && this.create(name);
  }

  private create(name: string): boolean {
    const file = this.file(name);
    const info: ClaimInfo = {
      host: os.hostname(),
      pid: process.pid,
      token: randomBytes(8).toString('hex'),
      claimedAt: new Date().toISOString(),
      staleMs: this.staleMs,
    };
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      fs.writeSync(fd, JSON.stringify(info));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.held.set(name, info.token);
    this.beat({ add: file });
    return true;
  }

  private takeOver(name: string, seen: ClaimState): boolean {
    const file = this.file(name);
    const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
    try {
      fs.renameSync(file, aside);
    } catch {
      return false; // another process took it over first
    }
    const moved = readInfo(aside);
    let fresh = true;
    try {
      const dead = moved !== undefined && moved.host === os.hostname() && !processAlive(moved.pid);
      fresh = !dead && Date.now() - fs.statSync(aside).mtimeMs <= (moved?.staleMs ?? this.staleMs);
    } catch {
      /* gone: treat as fresh, do nothing */
    }
    if (moved?.token !== seen.info?.token || fresh) {
      // Between our look and our rename someone else retook the claim: give it back untouched.
      try {
        fs.linkSync(aside, file);
      } catch {
        /* a newer claim exists already */
      }
      fs.rmSync(aside, { force: true });
      return false;
    }
    fs.rmSync(aside, { force: true });
    return true;
  }

  /** Releases `name` if this process holds it (and nobody took it over meanwhile). */
  release(name: string): void {
    const token = this.held.get(name);
    if (token === undefined) return;
    this.held.delete(name);
    const file = this.file(name);
    this.beat({ remove: file });
    if (readInfo(file)?.token === token) fs.rmSync(file, { force: true });
  }

  /** Runs `fn` while holding `name`, waiting (polling) for it as long as another live process holds it. */
  async withClaim<T>(name: string, fn: () => Promise<T> | T, pollMs = 25): Promise<T> {
    while (!this.tryClaim(name)) await new Promise((r) => setTimeout(r, pollMs));
    try {
      return await fn();
    } finally {
      this.release(name);
    }
  }

  /** Releases every claim this process holds and stops the heartbeat. */
  close(): void {
    for (const name of [...this.held.keys()]) this.release(name);
    void this.heartbeat?.terminate();
    this.heartbeat = undefined;
  }
}
