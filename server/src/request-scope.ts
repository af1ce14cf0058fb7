import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

// What every line of code handling a request may need without threading it through:
// the request id, the language of the answer, the request's logger.
export type RequestScope = { requestId: string; locale: 'bg' | 'en'; log: Logger };

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function currentLocale(): 'bg' | 'en' {
  return requestScope.getStore()?.locale ?? 'bg';
}

/** `X-Opora-Language`, else the first of Accept-Language we speak, else Bulgarian. */
export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): 'bg' | 'en' {
  const wanted = (explicit ?? acceptLanguage ?? '').toLowerCase();
  for (const part of wanted.split(',')) {
    const tag = part.trim().slice(0, 2);
    if (tag === 'bg' || tag === 'en') return tag;
  }
  return 'bg';
}
