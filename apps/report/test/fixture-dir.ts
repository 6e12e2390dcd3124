// Copies the committed fixture results directory into a fresh temporary directory, so tests never write into the repo.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Summary, TrialRecord } from '@spectral-ts/results';

export const FIXTURE = path.join(__dirname, 'fixtures', 'results-small');

export function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-report-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

export function readSummary(dir: string): Summary {
  return JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
}

export function readTrials(dir: string): TrialRecord[] {
  return fs
    .readdirSync(path.join(dir, 'trials'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, 'trials', f), 'utf8')) as TrialRecord);
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value));
}
