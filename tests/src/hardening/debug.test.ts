import { test } from 'vitest';
import { canonicalDocument, sha256, trustedDocumentsFrom, createLogger } from '@opora/server';
import { TestApi } from '../support/api.ts';
test('debug', async () => {
  const trusted = `query Professions { professions { id name } }`;
  let t = Date.now();
  const api = await TestApi.start({ production: true, logger: createLogger('info'), trustedDocuments: trustedDocumentsFrom({ [sha256(canonicalDocument(trusted))]: trusted }) });
  console.log('start', Date.now() - t); t = Date.now();
  const r = await api.post({ query: trusted });
  console.log('post', Date.now() - t, r.status, JSON.stringify(r.json).slice(0, 500));
  await api.db.prisma.$executeRawUnsafe(`ALTER TABLE "Profession" RENAME COLUMN "nameBg" TO "nameBg_broken"`);
  try { const r2 = await api.post({ query: trusted }); console.log(r2.status, JSON.stringify(r2.json)); } catch (e) { console.log('ERR', e); }
  await api.stop();
}, 120000);
