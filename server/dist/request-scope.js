import { AsyncLocalStorage } from 'node:async_hooks';
export const requestScope = new AsyncLocalStorage();
export function currentLocale() {
    return requestScope.getStore()?.locale ?? 'bg';
}
/** `X-Opora-Language`, else the first of Accept-Language we speak, else Bulgarian. */
export function pickLocale(explicit, acceptLanguage) {
    const wanted = (explicit ?? acceptLanguage ?? '').toLowerCase();
    for (const part of wanted.split(',')) {
        const tag = part.trim().slice(0, 2);
        if (tag === 'bg' || tag === 'en')
            return tag;
    }
    return 'bg';
}
//# sourceMappingURL=request-scope.js.map