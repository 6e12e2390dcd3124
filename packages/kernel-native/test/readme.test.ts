// Every TypeScript example of this package's README runs as written (tools/readme-examples.ts).
import * as path from 'path';
import { readmeExamples, runExample } from '../../../tools/readme-examples';

const examples = readmeExamples(path.join(__dirname, '..', 'README.md'));

it('the README has examples', () => expect(examples.length).toBeGreaterThan(0));
it.each(examples.map((e) => [e.line, e.code]))('the example at README.md:%i runs', async (_line, code) => {
  const r = await runExample(code as string);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
