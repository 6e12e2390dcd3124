// The README's example configs are valid configs: every ```yaml block parses and passes the config schema.
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { parseConfig } from '../src/config/load-config';

const text = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const blocks = [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => ({
  line: text.slice(0, m.index).split('\n').length,
  yaml: m[1],
}));

it('the README has example configs', () => expect(blocks.length).toBeGreaterThan(0));
it.each(blocks.map((b) => [b.line, b.yaml]))('the config at README.md:%i is valid', (line, yaml) => {
  expect(() => parseConfig(parse(yaml as string), `README.md:${line}`)).not.toThrow();
});
