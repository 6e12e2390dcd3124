/**
 * cli/progress: how a run reports progress. 'bars' (a TTY): one bar for the sweep (trials done / total, ETA) and one
 * per running unit (epoch, loss), drawn by cli-progress on stderr. 'lines' (not a TTY): one line per finished unit.
 * 'json': one JSON object per line on stdout, for other programs. 'quiet': nothing.
 */
import cliProgress from 'cli-progress';
import type { UnitProgress } from './run-unit';
import type { UnitSpec } from './units';
import { printable } from './printable';

export type ProgressMode = 'bars' | 'lines' | 'json' | 'quiet';

/** Where progress goes: JSON lines to `out` (stdout), human-readable output to `err` (stderr). */
export interface ProgressIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const STD_IO: ProgressIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export interface ProgressSink {
  start(info: {
    trialsTotal: number;
    trialsDone: number;
    units: number;
    backend: string;
    workers: number;
    dir: string;
  }): void;
  unitStarted(unit: UnitSpec): void;
  unitProgress(p: UnitProgress): void;
  unitFinished(unit: UnitSpec, outcome: { ok: number; failed: number; seconds: number }): void;
  unitError(unit: UnitSpec, message: string): void;
  message(text: string): void;
  stop(): void;
}

/** The mode a run uses when none is forced: bars on a terminal, lines otherwise. */
export function defaultProgressMode(options: { quiet?: boolean; json?: boolean }): ProgressMode {
  if (options.json) return 'json';
  if (options.quiet) return 'quiet';
  return process.stderr.isTTY ? 'bars' : 'lines';
}

class QuietProgress implements ProgressSink {
  start(): void {}
  unitStarted(): void {}
  unitProgress(): void {}
  unitFinished(): void {}
  unitError(): void {}
  message(): void {}
  stop(): void {}
}

class JsonProgress implements ProgressSink {
  constructor(private io: ProgressIo) {}
  private emit(o: object) {
    this.io.out(JSON.stringify({ time: new Date().toISOString(), ...o }) + '\n');
  }
  start(info: object) {
    this.emit({ type: 'start', ...info });
  }
  unitStarted(unit: UnitSpec) {
    this.emit({ type: 'unit-start', unit: unit.id, trials: unit.trialIds });
  }
  unitProgress(p: UnitProgress) {
    this.emit({ type: 'epoch', unit: p.unitId, epoch: p.epoch, epochs: p.epochs, loss: p.loss, diverged: p.diverged });
  }
  unitFinished(unit: UnitSpec, o: { ok: number; failed: number; seconds: number }) {
    this.emit({ type: 'unit-done', unit: unit.id, ...o });
  }
  unitError(unit: UnitSpec, message: string) {
    this.emit({ type: 'unit-error', unit: unit.id, message });
  }
  message(text: string) {
    this.emit({ type: 'message', text });
  }
  stop() {}
}

class LineProgress implements ProgressSink {
  constructor(private io: ProgressIo) {}
  private done = 0;
  private total = 0;
  start(info: {
    trialsTotal: number;
    trialsDone: number;
    units: number;
    backend: string;
    workers: number;
    dir: string;
  }) {
    this.done = info.trialsDone;
    this.total = info.trialsTotal;
    this.io.err(
      `spectral run: ${info.trialsTotal - info.trialsDone} of ${info.trialsTotal} trials to run in ${info.units} units on ${info.backend} with ${info.workers} worker(s) -> ${info.dir}\n`,
    );
  }
  unitStarted() {}
  unitProgress() {}
  unitFinished(unit: UnitSpec, o: { ok: number; failed: number; seconds: number }) {
    this.done += o.ok + o.failed;
    this.io.err(
      `  [${this.done}/${this.total}] ${unit.id}: ${o.ok} ok${o.failed ? `, ${o.failed} failed` : ''} in ${o.seconds.toFixed(1)} s\n`,
    );
  }
  unitError(unit: UnitSpec, message: string) {
    this.io.err(`  ${unit.id}: error: ${printable(message)}\n`);
  }
  message(text: string) {
    this.io.err(`${text}\n`);
  }
  stop() {}
}

class BarProgress implements ProgressSink {
  private multi = new cliProgress.MultiBar(
    {
      clearOnComplete: true,
      hideCursor: true,
      format: '{label} |{bar}| {value}/{total} {info}',
      barsize: 30,
      etaBuffer: 20,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  private sweep?: cliProgress.SingleBar;
  private bars = new Map<string, cliProgress.SingleBar>();
  start(info: { trialsTotal: number; trialsDone: number; units: number; backend: string; workers: number }) {
    this.sweep = this.multi.create(
      info.trialsTotal,
      info.trialsDone,
      { label: 'trials'.padEnd(28), info: `(${info.backend}, ${info.workers} worker(s))` },
      { format: '{label} |{bar}| {value}/{total} trials, ETA {eta_formatted} {info}' },
    );
  }
  unitStarted(unit: UnitSpec) {
    this.bars.set(unit.id, this.multi.create(1, 0, { label: unit.id.padEnd(28).slice(0, 28), info: '' }));
  }
  unitProgress(p: UnitProgress) {
    const bar = this.bars.get(p.unitId);
    if (!bar) return;
    bar.setTotal(p.epochs);
    bar.update(p.epoch, {
      info: `epochs, loss ${p.loss === null ? '-' : p.loss.toPrecision(4)}${p.diverged ? `, ${p.diverged} diverged` : ''}`,
    });
  }
  unitFinished(unit: UnitSpec, o: { ok: number; failed: number }) {
    const bar = this.bars.get(unit.id);
    if (bar) this.multi.remove(bar);
    this.bars.delete(unit.id);
    this.sweep?.increment(o.ok + o.failed);
  }
  unitError(unit: UnitSpec, message: string) {
    this.unitFinished(unit, { ok: 0, failed: 0 });
    this.multi.log(`${unit.id}: error: ${printable(message)}\n`);
  }
  message(text: string) {
    this.multi.log(`${text}\n`);
  }
  stop() {
    this.multi.stop();
  }
}

export function createProgress(mode: ProgressMode, io: ProgressIo = STD_IO): ProgressSink {
  switch (mode) {
    case 'bars':
      return new BarProgress();
    case 'lines':
      return new LineProgress(io);
    case 'json':
      return new JsonProgress(io);
    default:
      return new QuietProgress();
  }
}
