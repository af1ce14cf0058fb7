import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, screenshot, signIn, useWebRig } from './browser.ts';

// The browser side (issue 13, point 7), in a real Chromium on the real Vite build: the
// security headers, the app working under its strict Content-Security-Policy (no violation
// reported, an injected inline script does not run), the session token out of every place a
// script can read (document.cookie, localStorage, sessionStorage), and sign-out ending the
// session on the server and removing the cookie.

describe.skipIf(!CHROMIUM)('web app in Chromium: headers, cookie session, sign-out', () => {
  const rig = useWebRig();

  it('serves the app with strict headers, keeps the token out of script reach, and signs out everywhere', async () => {
    const { page, context, problems } = await openApp(rig);
    // Every CSP violation the page meets, reported by the browser itself.
    await context.addInitScript(`
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
    `);

    const response = await page.goto('/');
    const headers = response!.headers();
    const csp = headers['content-security-policy'] ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('base-uri')).toBe("base-uri 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['permissions-policy']).toMatch(/camera=\(\)/);
    expect(headers['permissions-policy']).toMatch(/microphone=\(\)/);
    // Plain http (the test server): no HSTS (tests/src/api/session-cookie.test.ts covers TLS).
    expect(headers['strict-transport-security']).toBeUndefined();
    // The built index.html has no inline script at all.
    const html = await (await fetch(`${rig.api.url}/`)).text();
    expect(html).toMatch(/<script type="module"[^>]* src="\/assets\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    await signIn(page, DEMO.plovdivManager);
    // Open a few screens so lazy chunks, styles and charts load under the policy.
    await page.goto('/cases');
    await page.goto('/clients');
    await page.goto('/');

    // The session is the HttpOnly cookie; no script-visible place holds its token.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'opora_session');
    expect(session, JSON.stringify(cookies.map((c) => c.name))).toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe('Strict');
    expect(session!.path).toBe('/');
    const token = session!.value;
    expect(token.length).toBeGreaterThan(20);
    const reachable = (await page.evaluate(`({
      cookie: document.cookie,
      local: JSON.stringify(Object.entries(localStorage)),
      session: JSON.stringify(Object.entries(sessionStorage)),
    })`)) as { cookie: string; local: string; session: string };
    expect(reachable.cookie).not.toContain(token);
    expect(reachable.cookie).not.toContain('opora_session');
    expect(reachable.local).not.toContain(token);
    expect(reachable.session).not.toContain(token);
    expect(reachable.local).not.toContain('opora.token');

    // An inline script injected into the page does not run.
    // (An allowed inline script runs synchronously when inserted.)
    const ran = await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      return window.__inlineRan ?? false;
    })()`);
    expect(ran).toBe(false);
    // The browser reports exactly the one violation we caused; the app itself never trips the policy.
    await expect.poll(async () => ((await page.evaluate('window.__cspViolations')) as string[]).length).toBeGreaterThan(0);
    const violations = (await page.evaluate('window.__cspViolations')) as string[];
    expect(violations).toEqual([expect.stringMatching(/^script-src(-elem)? inline$/)]);
    await screenshot(page, '40-signed-in-under-csp');

    // Sign-out: the server ends the session and clears the cookie.
    const user = await rig.api.db.prisma.user.findUniqueOrThrow({ where: { email: DEMO.plovdivManager } });
    const openBefore = await rig.api.db.prisma.authSession.count({ where: { userId: user.id, revokedAt: null } });
    await page.locator('details.account > summary').first().click();
    // The viewer asked again after the sign-out: once it has answered, nothing can redirect.
    const viewerAnswered = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('"operationName":"Viewer"'));
    await page.getByTestId('sign-out').click();
    // One path only: the sign-out handler's /sign-in?signedOut=1 (never the viewer query's
    // redirect to /sign-in?next=…, which used to race it).
    await viewerAnswered;
    await page.getByText('Излязохте от системата.').waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/sign-in?signedOut=1');
    expect((await context.cookies()).find((c) => c.name === 'opora_session')).toBeUndefined();
    expect(await rig.api.db.prisma.authSession.count({ where: { userId: user.id, revokedAt: null } })).toBe(openBefore - 1);
    // Back in the app: still signed out after a reload.
    await page.goto('/');
    // The app asks the server whether the browser holds a session before it decides.
    await page.waitForURL(/\/sign-in/);
    // The console's only complaint is the inline script we injected, on every page loaded.
    const ours = (p: string) => /inline script/i.test(p) && /Content Security Policy/i.test(p);
    expect(problems.filter((p) => !ours(p))).toEqual([]);
    expect(problems.filter(ours)).toHaveLength(1);
    await context.close();
  }, 400_000);
});
