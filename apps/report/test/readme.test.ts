// Every TypeScript example of this package's README runs as written (tools/readme-examples.ts), given what it says it
// reads: a results directory at results/quick (here the test fixture).
import * as fs from 'fs';
import * as path from 'path';
import { readmeExamples, runExample } from '../../../tools/readme-examples';
import { FIXTURE } from './fixture-dir';

const examples = readmeExamples(path.join(__dirname, '..', 'README.md'));
const withResults = (dir: string) => fs.cpSync(FIXTURE, path.join(dir, 'results', 'quick'), { recursive: true });

it('the README has examples', () => expect(examples.length).toBeGreaterThan(0));
it.each(examples.map((e) => [e.line, e.code]))('the example at README.md:%i runs', async (_line, code) => {
  const r = await runExample(code as string, withResults);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
