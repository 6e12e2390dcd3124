// The README's example configs are valid configs (every ```yaml block parses and passes the config schema), and the
// TypeScript examples of every package README type-check (each package's own readme test runs them).
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { parseConfig } from '../src/config/load-config';
import { typecheckExamples } from '../../../tools/readme-examples';

const ROOT = path.join(__dirname, '..', '..', '..');
const text = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const blocks = [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => ({
  line: text.slice(0, m.index).split('\n').length,
  yaml: m[1],
}));

it('the README has example configs', () => expect(blocks.length).toBeGreaterThan(0));
it.each(blocks.map((b) => [b.line, b.yaml]))('the config at README.md:%i is valid', (line, yaml) => {
  expect(() => parseConfig(parse(yaml as string), `README.md:${line}`)).not.toThrow();
});

it('every TypeScript example of every README type-checks (strict)', () => {
  const readmes = [
    'README.md',
    ...['packages', 'apps'].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).map((p) => `${d}/${p}/README.md`)),
  ];
  const existing = readmes.map((r) => path.join(ROOT, r)).filter((f) => fs.existsSync(f));
  expect(existing.length).toBeGreaterThanOrEqual(9);
  expect(typecheckExamples(existing)).toEqual([]);
});
