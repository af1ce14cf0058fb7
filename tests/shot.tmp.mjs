// Temporary dev helper (deleted before hand-off): sign in and screenshot pages.
import { chromium } from 'playwright-core';
const [base, email, ...paths] = process.argv.slice(2);
const mobile = process.env.MOBILE === '1';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic'] });
const page = await browser.newPage({ viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 }, deviceScaleFactor: 1 });
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(`${base}/sign-in`);
if (process.env.LANG_EN) { await page.getByTestId('language-switch').click(); }
if (email !== '-') {
  await page.getByLabel(/Имейл|Email/).fill(email);
  await page.getByLabel(/Парола|Password/).fill('opora-demo');
  await page.getByRole('button', { name: /^(Влез|Sign in)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 15000 });
}
for (const p of paths) {
  const [path, name] = p.split('=');
  if (path !== '.') await page.goto(`${base}${path}`);
  await page.waitForTimeout(Number(process.env.WAIT ?? 3000));
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  console.log('shot', name, page.url());
}
await browser.close();
