import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'bg-BG', timezoneId: 'Europe/Sofia', baseURL: 'http://127.0.0.1:4100' });
const page = await context.newPage();
await page.goto('/sign-in');
await page.getByLabel(/^Имейл/).fill('worker@plovdiv.opora.test');
await page.getByLabel(/^Парола/).fill('opora-demo');
await page.getByRole('button', { name: 'Влез' }).click();
await page.getByTestId('todays-sessions').waitFor();
await page.evaluate(`navigator.serviceWorker.ready`);
await page.waitForFunction(`indexedDB.databases().then(d => d.some(x => x.name === 'opora-device'))`);
await page.waitForTimeout(3000);
await page.close();
const IDB = `(async () => { const t0 = performance.now(); const db = await new Promise((res, rej) => { const r = indexedDB.open('opora-device'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); }); const t1 = performance.now(); const key = await new Promise((res) => { const q = db.transaction('key').objectStore('key').get('device'); q.onsuccess = () => res(q.result); }); const t2 = performance.now(); const rec = await new Promise((res) => { const q = db.transaction('records').objectStore('records').get('dashboard'); q.onsuccess = () => res(q.result); }); const t3 = performance.now(); const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: rec.iv, additionalData: new TextEncoder().encode('record:dashboard') }, key, rec.data); const t4 = performance.now(); db.close(); return { open: Math.round(t1 - t0), key: Math.round(t2 - t1), rec: Math.round(t3 - t2), decrypt: Math.round(t4 - t3), bytes: plain.byteLength }; })()`;
for (let run = 0; run < 0; run++) {
  const p = await context.newPage();
  await p.goto('/healthz');
  console.log('idb', JSON.stringify(await p.evaluate(IDB)));
  await p.close();
  await new Promise((r) => setTimeout(r, 3000));
}
for (let run = 0; run < 2; run++) {
  const again = await context.newPage();
  await again.addInitScript(`(() => { const m = (window.__m = {}); const look = () => { for (const id of ['dashboard-copy','todays-sessions']) if (!(id in m) && document.querySelector('[data-testid="'+id+'"]')) m[id] = performance.now(); }; new MutationObserver(look).observe(document, {subtree:true, childList:true}); })()`);
  await again.route('**/graphql', async (r) => { await new Promise((x) => setTimeout(x, 3000)); await r.continue(); });
  const cdp = await context.newCDPSession(again);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await again.goto('/');
  await again.getByTestId('dashboard-copy').waitFor();
  const { profile } = await cdp.send('Profiler.stop');
  console.log('copy', JSON.stringify(await again.evaluate('window.__m')));
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  let t = 0; const segs: string[] = []; let last = ''; let since = 0;
  const self = new Map<string, number>();
  profile.samples!.forEach((id: number, i: number) => {
    t += profile.timeDeltas![i]! / 1000;
    const n: any = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas![i]! / 1000);
    const kind = key.startsWith('(idle)') ? 'idle' : 'busy';
    if (kind !== last) { if (last) segs.push(`${last} ${Math.round(since)}-${Math.round(t)}`); last = kind; since = t; }
  });
  segs.push(`${last} ${Math.round(since)}-${Math.round(t)}`);
  console.log(segs.filter((x) => { const [a, b] = x.split(' ')[1]!.split('-').map(Number); return b! - a! >= 8; }).join(', '));
  console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${v.toFixed(1).padStart(7)} ${k}`).join('\n'));
  await again.close();
}
await browser.close();
