// A results directory holds one experiment and only files it can trust: a resume with another config, plugin or
// spectral-ts version is refused naming the difference, an edited config.json is refused, a damaged one is recovered
// with the original config, damaged records and weights are recomputed, and a full disk leaves nothing truncated.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fingerprintDifferences, fingerprintRun } from '../src';
import {
  BIN,
  comparableSummary,
  ensureBuilt,
  PLUGIN_EXAMPLE,
  runCli,
  spawnCli,
  tempDir,
  tinyConfig,
  waitExit,
  writeConfig,
} from './helpers';

const small = tinyConfig({ execution: { backend: 'cpu', trialsPerUnit: 1 } });

let configFile: string;
let cleanDir: string;

beforeAll(async () => {
  ensureBuilt();
  configFile = writeConfig(tempDir('spectral-integrity-cfg-'), small);
  cleanDir = tempDir('spectral-integrity-clean-');
  expect((await runCli(['run', '--config', configFile, '--out', cleanDir, '--quiet'])).code).toBe(0);
});

function copyDir(from: string): string {
  const to = tempDir('spectral-integrity-copy-');
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/** Messages are wrapped as paragraphs: compare them with single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

describe('fingerprint', () => {
  it('names each difference and is empty when equal', () => {
    const dir = tempDir('spectral-fp-');
    const plugin = path.join(dir, 'p.js');
    fs.writeFileSync(plugin, 'module.exports = {};');
    const a = fingerprintRun({ trials: 2, name: 'x', plugins: ['/a'] }, [plugin]);
    // Cosmetic keys (name, plugin paths) and key order do not change it.
    expect(fingerprintDifferences(a, fingerprintRun({ plugins: ['/b'], name: 'y', trials: 2 }, [plugin]))).toEqual([]);
    expect(a.config).toMatch(/^[0-9a-f]{64}$/);
    fs.writeFileSync(plugin, 'module.exports = { changed: true };');
    const b = { ...fingerprintRun({ trials: 3 }, [plugin]), version: '9.9.9' };
    expect(fingerprintDifferences(a, b)).toEqual([
      `spectral-ts version: ${a.version} expected, 9.9.9 here`,
      `resolved config: sha256 ${a.config.slice(0, 12)} expected, ${b.config.slice(0, 12)} here`,
      `plugin p.js: contents differ (sha256 ${a.plugins[0].sha256.slice(0, 12)} expected, ${b.plugins[0].sha256.slice(0, 12)} here)`,
    ]);
  });

  it('is kept in DIR/fingerprint.json and in every trial record', () => {
    const fp = readJson(path.join(cleanDir, 'fingerprint.json'));
    const record = readJson(path.join(cleanDir, 'trials', 't0-spectral-n6-trial0.json'));
    expect(record.fingerprint).toEqual(fp);
    expect(record.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('resume integrity', () => {
  it('refuses a resume with a different config, naming the field (exit 2)', async () => {
    const dir = copyDir(cleanDir);
    const other = writeConfig(tempDir(), { ...small, training: { epochs: 3 } });
    const r = await runCli(['run', '--config', other, '--out', dir, '--resume', '--quiet']);
    expect(r.code).toBe(2);
    expect(flat(r.err)).toContain('training.epochs: 4 in the directory, 3 now');
  });

  it('refuses a resume with another spectral-ts version, naming it', async () => {
    const dir = copyDir(cleanDir);
    const fpFile = path.join(dir, 'fingerprint.json');
    fs.writeFileSync(fpFile, JSON.stringify({ ...readJson(fpFile), version: '0.0.1' }));
    const r = await runCli(['run', '--out', dir, '--resume', '--quiet']);
    expect(r.code).toBe(2);
    expect(flat(r.err)).toMatch(/spectral-ts version: 0\.0\.1 expected, \d+\.\d+\.\d+ here/);
  });

  it('refuses a resume after a plugin was edited, naming the plugin', async () => {
    const work = tempDir('spectral-integrity-plugin-');
    const plugin = path.join(work, 'plugin.js');
    fs.copyFileSync(PLUGIN_EXAMPLE, plugin);
    const cfg = writeConfig(work, {
      ...small,
      students: { hidden: [6], variants: ['spectral'] },
      trials: 1,
      plugins: ['./plugin.js'],
    });
    const dir = tempDir('spectral-integrity-plugin-out-');
    expect((await waitExit(spawnCli(['run', '--config', cfg, '--out', dir, '--quiet']))).code).toBe(0);
    fs.appendFileSync(plugin, '\n// edited\n');
    const r = await waitExit(spawnCli(['run', '--config', cfg, '--out', dir, '--quiet']));
    expect(r.code).toBe(2);
    expect(flat(r.err)).toMatch(/plugin plugin\.js: contents differ/);
  });

  it('detects an edited config.json and refuses it; the original config repairs it', async () => {
    const dir = copyDir(cleanDir);
    const cfgFile = path.join(dir, 'config.json');
    const original = fs.readFileSync(cfgFile, 'utf8');
    fs.writeFileSync(cfgFile, original.replace('"epochs": 4', '"epochs": 2'));
    const r = await runCli(['run', '--out', dir, '--resume', '--quiet']);
    expect(r.code).toBe(2);
    expect(flat(r.err)).toContain('config.json was edited after the run started');
    const fixed = await runCli(['run', '--config', configFile, '--out', dir, '--resume', '--quiet']);
    expect(fixed.code).toBe(0);
    expect(fs.readFileSync(cfgFile, 'utf8')).toBe(original);
  });

  it('recovers a corrupt config.json (and a lost fingerprint.json) from the trial records with the original config', async () => {
    const dir = copyDir(cleanDir);
    fs.writeFileSync(path.join(dir, 'config.json'), '{"trun');
    fs.rmSync(path.join(dir, 'fingerprint.json'));
    const r = await runCli(['run', '--out', dir, '--resume', '--quiet']);
    expect(r.code).toBe(2);
    expect(flat(r.err)).toContain('config.json is damaged');
    expect(flat(r.err)).toContain(`spectral run --config ORIGINAL --out ${dir} --resume`);
    const wrong = writeConfig(tempDir(), { ...small, seed: 6 });
    expect((await runCli(['run', '--config', wrong, '--out', dir, '--resume', '--quiet'])).code).toBe(2);
    const fixed = await runCli(['run', '--config', configFile, '--out', dir, '--resume', '--quiet']);
    expect(fixed.code).toBe(0);
    expect(readJson(path.join(dir, 'config.json'))).toEqual(readJson(path.join(cleanDir, 'config.json')));
    expect(readJson(path.join(dir, 'fingerprint.json'))).toEqual(readJson(path.join(cleanDir, 'fingerprint.json')));
    expect(comparableSummary(dir)).toEqual(comparableSummary(cleanDir));
  });
});

describe('damaged files are recomputed, not trusted', () => {
  it('a truncated weights file and a truncated record: status names them, report refuses, resume recomputes', async () => {
    const dir = copyDir(cleanDir);
    const weights = path.join(dir, 'weights', 't0-direct-n12-trial1.json');
    fs.truncateSync(weights, 100);
    fs.truncateSync(path.join(dir, 'trials', 't0-spectral-n6-trial0.json'), 50);
    const status = JSON.parse((await runCli(['status', dir, '--json'])).out);
    expect(status.counts).toEqual({ done: 6, claimed: 0, damaged: 2, missing: 0 });
    const report = await runCli(['report', dir]);
    expect(report.code).toBe(2);
    const resumed = await runCli(['run', '--out', dir, '--resume', '--quiet']);
    expect(resumed.code).toBe(0);
    expect(readJson(path.join(dir, 'summary.json')).sessions).toHaveLength(2);
    expect((readJson(path.join(dir, 'summary.json')).sessions as { unitsRun: number }[])[1].unitsRun).toBe(2);
    expect(fs.readFileSync(weights, 'utf8')).toBe(
      fs.readFileSync(path.join(cleanDir, 'weights', 't0-direct-n12-trial1.json'), 'utf8'),
    );
    expect(comparableSummary(dir)).toEqual(comparableSummary(cleanDir));
  });
});

const canMount = process.platform === 'linux' && spawnSync('unshare', ['-m', 'true'], { stdio: 'ignore' }).status === 0;

describe('full disk', () => {
  (canMount ? it : it.skip)(
    'a run on a tiny tmpfs fails clearly, leaves no truncated file, and resumes to the clean summary',
    () => {
      if (!canMount) return;
      const mnt = tempDir('spectral-fulldisk-');
      const out = path.join(mnt, 'r');
      const copy = tempDir('spectral-fulldisk-copy-');
      // One mount namespace: a 400 KB tmpfs fills up mid-run; check every file; grow it; resume; copy the result out.
      const script = `
      set -u
      mount -t tmpfs -o size=400k tmpfs "$MNT" || exit 90
      "$NODE" "$BIN" run --config "$CFG" --out "$OUT" --quiet > "$MNT/../first.log" 2>&1; echo "first=$?" > "$COPY/codes"
      cp "$MNT/../first.log" "$COPY/first.log"
      "$NODE" -e '
        const fs = require("fs"), path = require("path"); const bad = [];
        const walk = (d) => { for (const n of fs.readdirSync(d)) { const f = path.join(d, n); const s = fs.statSync(f);
          if (s.isDirectory()) walk(f); else if (n.endsWith(".json") && !n.startsWith(".")) { try { JSON.parse(fs.readFileSync(f, "utf8")); } catch { bad.push(f); } } } };
        walk(process.argv[1]); fs.writeFileSync(process.argv[2], JSON.stringify(bad));' "$OUT" "$COPY/truncated.json"
      mount -o remount,size=64m "$MNT"
      "$NODE" "$BIN" run --config "$CFG" --out "$OUT" --quiet > "$COPY/second.log" 2>&1; echo "second=$?" >> "$COPY/codes"
      cp -r "$OUT" "$COPY/result"
    `;
      const r = spawnSync('unshare', ['-m', 'sh', '-c', script], {
        encoding: 'utf8',
        env: { ...process.env, MNT: mnt, OUT: out, COPY: copy, NODE: process.execPath, BIN, CFG: configFile },
        timeout: 240_000,
      });
      if (r.status === 90) {
        console.log('skipped: mounting a tmpfs is not permitted here (run as root, or in CI)');
        return;
      }
      const codes = fs.readFileSync(path.join(copy, 'codes'), 'utf8');
      const firstLog = fs.readFileSync(path.join(copy, 'first.log'), 'utf8');
      expect(codes).toMatch(/first=2\n/);
      expect(flat(firstLog)).toContain('no space left on the file system holding');
      expect(firstLog).not.toMatch(/\n\s+at /); // no stack trace
      expect(JSON.parse(fs.readFileSync(path.join(copy, 'truncated.json'), 'utf8'))).toEqual([]);
      expect(codes).toContain('second=0');
      expect(comparableSummary(path.join(copy, 'result'))).toEqual(comparableSummary(cleanDir));
    },
  );
});
