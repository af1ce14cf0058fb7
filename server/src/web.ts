import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { acceptedEncoding } from './compression.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Files the build compressed (web/scripts/compress.mjs writes `<file>.br` and `<file>.gz` beside them). */
const COMPRESSED_TYPES = new Set(['.html', '.js', '.css', '.json', '.svg', '.webmanifest']);

/**
 * Serves the built web app; unknown paths get index.html (client-side routes), except under
 * /assets/, where a missing file is a 404 (a chunk of an older build must fail as a chunk, not
 * arrive as HTML). Hashed assets are cached for a year (their name changes with their content),
 * everything else is revalidated. A text file goes as its build-time brotli or gzip copy when the
 * client accepts one (`Vary: Accept-Encoding`).
 */
export async function serveWeb(root: string, urlPath: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  const resolved = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (!resolved.startsWith(path.resolve(root))) return false;
  let file = resolved;
  let info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    if (decoded.startsWith('/assets/')) return false;
    file = path.join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) return false;
  }
  const ext = path.extname(file);
  let sent = file;
  let size = info.size;
  if (COMPRESSED_TYPES.has(ext)) {
    res.setHeader('vary', 'Accept-Encoding');
    const encoding = acceptedEncoding(req);
    const variant = encoding && `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
    const variantInfo = variant ? await stat(variant).catch(() => null) : null;
    if (variant && variantInfo?.isFile()) {
      res.setHeader('content-encoding', encoding);
      sent = variant;
      size = variantInfo.size;
    }
  }
  res.statusCode = 200;
  res.setHeader('content-type', TYPES[ext] ?? 'application/octet-stream');
  res.setHeader('content-length', size);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(sent).pipe(res);
  return true;
}
