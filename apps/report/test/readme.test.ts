// Every TypeScript example of this package's README runs as written (tools/readme-examples.ts), given what it says it
// reads: results directories at results/quick and results/quick-lr (here copies of the test fixture).
import * as fs from 'fs';
import * as path from 'path';
import { readmeExamples, runExample } from '../../../tools/readme-examples';
import { FIXTURE } from './fixture-dir';

const examples = readmeExamples(path.join(__dirname, '..', 'README.md'));
// results/quick-lr stands for a second run the comparison example reads (a copy of the same fixture)
const withResults = (dir: string) => {
  fs.cpSync(FIXTURE, path.join(dir, 'results', 'quick'), { recursive: true });
  fs.cpSync(FIXTURE, path.join(dir, 'results', 'quick-lr'), { recursive: true });
};

it('the README has examples', () => expect(examples.length).toBeGreaterThan(0));
it.each(examples.map((e) => [e.line, e.code]))('the example at README.md:%i runs', async (_line, code) => {
  const r = await runExample(code as string, withResults);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
