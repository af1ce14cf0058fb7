import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

// Light on the wire (#17): what the client accepts, by Accept-Encoding. node:zlib only: the web
// app's files are compressed once at build time (web/scripts/compress.mjs), GraphQL answers
// here as they are sent (each is one complete string, never a stream).

export type Encoding = 'br' | 'gzip';

/** The best encoding the request accepts (brotli first), or null. Honours `q=0`. */
export function acceptedEncoding(req: IncomingMessage): Encoding | null {
  const header = req.headers['accept-encoding'];
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (name: Encoding) => accepted.get(name) ?? (accepted.has('*') ? accepted.get('*')! : 0);
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

/** Answers smaller than this go as they are: compressing them saves nothing worth the time. */
export const COMPRESS_ABOVE_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Sends a complete answer, compressed when it is large and the client accepts it. Off the event
 * loop (zlib's thread pool); brotli at a middle quality, which is fast and still beats gzip.
 */
export async function endCompressed(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  res.setHeader('vary', appendVary(res.getHeader('vary'), 'Accept-Encoding'));
  const bytes = Buffer.from(body, 'utf8');
  const encoding = bytes.length > COMPRESS_ABOVE_BYTES ? acceptedEncoding(req) : null;
  if (!encoding) {
    res.end(bytes);
    return;
  }
  const compressed =
    encoding === 'br'
      ? await brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })
      : await gzipAsync(bytes, { level: 6 });
  res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', compressed.length);
  res.end(compressed);
}

export function appendVary(existing: number | string | string[] | undefined, name: string): string {
  const current = existing === undefined ? [] : (Array.isArray(existing) ? existing : String(existing).split(',')).map((v) => v.trim()).filter(Boolean);
  if (current.some((v) => v === '*' || v.toLowerCase() === name.toLowerCase())) return current.join(', ');
  return [...current, name].join(', ');
}
