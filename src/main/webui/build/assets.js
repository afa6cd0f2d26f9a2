// Once the bundle is written: a gzip and a brotli copy beside every compressible file that they
// make smaller, and web/assets.json, the catalogue console/WebAssets serves from (content type,
// ETag, which compressed copies exist, the first load's files). Fails the build when the console's
// first load (its page, the scripts it loads before running and its CSS) is over the budget, gzipped.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json']);

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]);
}

function extension(name) {
  return name.slice(name.lastIndexOf('.'));
}

export const gzip = (bytes) => gzipSync(bytes, { level: 9 });

/** The files the page loads before it runs: its scripts with their static imports, and its CSS. */
function firstLoad(bundle, page) {
  const byName = new Map(Object.values(bundle).map((item) => [item.fileName, item]));
  const html = byName.get(page);
  const source = typeof html.source === 'string' ? html.source : new TextDecoder().decode(html.source);
  const referenced = [...source.matchAll(/(?:src|href)="([^"#]+)"/g)]
    .map((match) => new URL(match[1], `https://host/${page}`).pathname.slice(1));
  const seen = new Set([page]);
  const visit = (fileName) => {
    if (seen.has(fileName) || !byName.has(fileName)) {
      return;
    }
    seen.add(fileName);
    const item = byName.get(fileName);
    (item.imports ?? []).forEach(visit);
    (item.viteMetadata?.importedCss ?? []).forEach(visit);
  };
  referenced.forEach(visit);
  return [...seen];
}

export function assetCatalogue({ firstLoadPage, budgetBytes }) {
  let outDir;
  return {
    name: 'course-video-asset-catalogue',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(options, bundle) {
      const firstLoadFiles = firstLoad(bundle, firstLoadPage);
      const catalogue = {};
      for (const path of files(outDir)) {
        const name = relative(outDir, path).split('\\').join('/');
        const ext = extension(name);
        const bytes = readFileSync(path);
        const encodings = [];
        if (COMPRESSIBLE.has(ext) && bytes.length > 512) {
          const gz = gzip(bytes);
          const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
          if (br.length < bytes.length) {
            writeFileSync(`${path}.br`, br);
            encodings.push('br');
          }
          if (gz.length < bytes.length) {
            writeFileSync(`${path}.gz`, gz);
            encodings.push('gzip');
          }
        }
        const etag = createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
        catalogue[name] = { type: TYPES[ext] ?? 'application/octet-stream', etag, encodings };
      }
      const firstLoadBytes = firstLoadFiles
        .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
        .reduce((sum, name) => sum + gzip(readFileSync(join(outDir, name))).length, 0);
      writeFileSync(join(outDir, 'assets.json'), JSON.stringify({
        files: catalogue,
        first_load: { page: firstLoadPage, files: firstLoadFiles, js_css_gzip_bytes: firstLoadBytes },
      }, null, 1));
      const line = `console first load: ${firstLoadFiles.length} files, JS+CSS ${(firstLoadBytes / 1024).toFixed(1)} KB gzipped `
        + `(budget ${budgetBytes / 1024} KB)`;
      if (firstLoadBytes > budgetBytes) {
        throw new Error(`${line}: over budget`);
      }
      console.log(line); // shown at every log level: the budget is part of the build's result
    },
  };
}
