// Serves the demo page (examples/web) and the built package on loopback.
// `npm run demo` runs it on port 8080 (or $PORT); tests import startDemoServer(0).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

// The demo's example picker loads these; only JSON files directly in examples/ (no deeper path).
const EXAMPLE = /^\/examples\/[A-Za-z0-9._-]+\.json$/;

/** Maps a URL path to a file: /dist/* and /examples/*.json from the package, the rest from examples/web. */
function fileFor(pathname) {
  const clean = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  if (clean.startsWith('/dist/') || EXAMPLE.test(clean)) return join(root, clean);
  return join(root, 'examples/web', clean === '/' ? 'index.html' : clean);
}

/** @returns the server and its address, once listening on 127.0.0.1 */
export async function startDemoServer(port = 0) {
  const server = createServer(async (request, response) => {
    try {
      // Inside the try: a malformed percent-escape (GET /%zz) is a bad request, not a crash of
      // the whole server (an outside review stopped the demo with one such request).
      let file;
      try {
        file = fileFor(new URL(request.url ?? '/', 'http://localhost').pathname);
      } catch {
        response.writeHead(400, { 'content-type': 'text/plain' });
        response.end('bad request');
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startDemoServer(Number(process.env.PORT ?? 8080));
  console.log(`dnnpipe demo: ${url}  (Ctrl-C to stop)`);
}
