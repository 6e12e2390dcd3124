/**
 * The playground's build: one self-contained index.html (vite-plugin-singlefile inlines the script and the style; the
 * training worker is inlined by `?worker&inline` and started from a blob: URL), so dist/ works from file://, where a
 * browser refuses module scripts and workers loaded from files. The built page carries a Content-Security-Policy that
 * allows only its own inline script (by hash), inline style, blob: workers and WebAssembly compilation.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(ROOT, 'dist');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'playground-csp',
    apply: 'build',
    closeBundle() {
      const file = path.join(OUT, 'index.html');
      const html = fs.readFileSync(file, 'utf8');
      const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map(
        (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
      );
      const csp =
        `default-src 'none'; script-src ${hashes.join(' ')} 'wasm-unsafe-eval'; worker-src blob:; ` +
        `style-src 'unsafe-inline'; img-src data:`;
      const out = html.replace('<!-- csp -->', `<meta http-equiv="Content-Security-Policy" content="${csp}" />`);
      if (out === html) throw new Error('playground build: index.html lost its <!-- csp --> placeholder');
      fs.writeFileSync(`${file}.tmp`, out);
      fs.renameSync(`${file}.tmp`, file);
    },
  };
}

export default defineConfig({
  root: ROOT,
  base: './',
  plugins: [viteSingleFile(), contentSecurityPolicy()],
  worker: { format: 'iife' },
  build: { outDir: OUT, emptyOutDir: true, chunkSizeWarningLimit: 8000 },
  server: { port: 5173 },
});
