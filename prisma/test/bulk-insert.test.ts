// The seed's bulk writer (rowInserter) against Prisma's createMany: the same row objects written
// both ways read back the same: dates and instants, enum and text arrays, bytes, decimals,
// explicit NULLs, and a column only some rows set (the others take its default). On PGlite, and
// on PostgreSQL when DATABASE_URL is set (a database of its own, dropped after).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db.ts';
import { applyMigrations } from '../src/migrate/index.ts';
import { ROWS_PER_STATEMENT, rowInserter } from '../src/seed/bulk-insert.ts';
import { seedCatalogue } from '../src/seed/index.ts';

const serverUrl = process.env.DATABASE_URL;
const engines = ['pglite', ...(serverUrl ? (['postgres'] as const) : [])] as const;

describe.each(engines)('rowInserter on %s', (engine) => {
  let db: Database;
  let drop = async () => {};
  const statements: string[] = [];

  beforeAll(async () => {
    if (engine === 'pglite') db = openDatabase({ kind: 'pglite', dataDir: 'memory://' }, { onQuery: (q) => statements.push(q) });
    else {
      const name = `opora_bulk_${randomBytes(4).toString('hex')}`;
      const admin = async (sql: string) => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(sql).finally(() => c.end());
      };
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(serverUrl!);
      url.pathname = `/${name}`;
      db = openDatabase({ kind: 'postgres', url: url.toString() }, { onQuery: (q) => statements.push(q) });
      drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await applyMigrations(db.adapterFactory);
    await seedCatalogue(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it('writes what createMany writes', async () => {
    const { prisma } = db;
    const municipality = await prisma.municipality.findFirstOrThrow({ select: { id: true } });
    const settlement = await prisma.settlement.findFirstOrThrow({ select: { id: true } });
    const serviceKind = await prisma.serviceKind.findFirstOrThrow({ select: { id: true } });
    const user = await prisma.user.create({ data: { email: 'bulk@opora.test', displayName: 'Bulk', passwordHash: '!disabled' }, select: { id: true } });

    // Each writer gets the same rows with its own ids and unique names.
    const rowsFor = (tag: 'm' | 'i', ids: { centers: string[]; clients: string[]; attachments: string[] }) => ({
      centers: [
        // planningDays and retentionYears only in the first: the second takes the defaults (20, 10).
        { id: ids.centers[0]!, slug: `${tag}-one`, code: `${tag}1`, nameBg: 'Център „Едно“', nameEn: 'One', providerNameBg: 'Доставчик', providerNameEn: 'Provider', municipalityId: municipality.id, addressBg: 'ул. „Шипка“ 1', foundedOn: new Date('2009-01-01T00:00:00Z'), licensedCapacity: 60, planningDays: 15, retentionYears: null, createdAt: new Date('2026-01-02T03:04:05.678Z') },
        { id: ids.centers[1]!, slug: `${tag}-two`, code: `${tag}2`, nameBg: 'Две\tс\\ табулация\nи ред', nameEn: 'Two "quoted"', providerNameBg: 'Доставчик', providerNameEn: 'Provider', municipalityId: municipality.id, addressBg: 'с. Тъжа', addressEn: null, foundedOn: new Date('2015-06-30T00:00:00Z'), networkJoinedOn: undefined, licensedCapacity: 12, createdAt: new Date('2026-12-31T23:59:59.999Z') },
      ],
      services: [
        { centerId: ids.centers[0]!, serviceKindId: serviceKind.id, nameBg: 'Услуга', nameEn: 'Service', access: 'SPECIALISED' as const, capacity: null, deliveryModes: ['IN_CENTER' as const, 'AT_HOME' as const] },
        { centerId: ids.centers[1]!, serviceKindId: serviceKind.id, nameBg: 'Друга, с „кавички“', nameEn: 'Other, {braces}', access: 'OPEN_ACCESS' as const, capacity: 5, active: false, deliveryModes: [] },
      ],
      memberships: [
        { userId: user.id, role: 'MANAGER' as const, centerId: ids.centers[0]!, fte: 0.5, startedOn: new Date('2020-02-29T00:00:00Z'), titleBg: 'Ръководител' },
        { userId: user.id, role: 'CASE_WORKER' as const, centerId: ids.centers[1]!, fte: 1, startedOn: new Date('2021-03-01T00:00:00Z') },
      ],
      // More than one statement's worth, to see the chunks.
      clients: ids.clients.map((id, i) => ({
        id, centerId: ids.centers[i % 2]!, kind: i % 3 ? ('CHILD' as const) : ('ADULT' as const), firstName: `Име${i}`, lastName: 'Иванов', searchName: `ime${i} ivanov`,
        birthDate: i % 4 ? new Date(Date.UTC(2010, i % 12, 1 + (i % 28))) : null, ...(i % 5 ? { sex: 'FEMALE' as const } : {}), settlementId: i % 7 ? settlement.id : null,
        version: 1, createdAt: new Date(Date.UTC(2025, 0, 1, 10, 0, 0, i % 1000)), updatedAt: new Date(Date.UTC(2025, 0, 1, 10, 0, 0, i % 1000)),
      })),
      attachments: ids.attachments.map((id, i) => ({ id, centerId: ids.centers[0]!, clientId: ids.clients[0]!, fileName: `Документ ${i}.pdf`, mediaType: 'application/pdf', byteSize: 3, sha256: 'x'.repeat(64), uploadedAt: new Date('2026-11-25T09:00:00.123Z') })),
      contents: ids.attachments.map((id, i) => ({ attachmentId: id, centerId: ids.centers[0]!, content: new Uint8Array([0, 92, 255 - i]) })),
    });
    const newIds = () => ({ centers: [crypto.randomUUID(), crypto.randomUUID()], clients: Array.from({ length: ROWS_PER_STATEMENT + 234 }, () => crypto.randomUUID()), attachments: [crypto.randomUUID(), crypto.randomUUID()] });
    const [m, i] = [newIds(), newIds()];
    const viaCreateMany = rowsFor('m', m);
    const viaInsert = rowsFor('i', i);

    await prisma.$transaction(async (tx) => {
      await tx.center.createMany({ data: viaCreateMany.centers });
      await tx.centerService.createMany({ data: viaCreateMany.services });
      await tx.membership.createMany({ data: viaCreateMany.memberships });
      await tx.client.createMany({ data: viaCreateMany.clients });
      await tx.attachment.createMany({ data: viaCreateMany.attachments });
      await tx.attachmentContent.createMany({ data: viaCreateMany.contents });
    });
    statements.length = 0;
    await prisma.$transaction(async (tx) => {
      const insert = rowInserter(tx);
      await insert('Center', viaInsert.centers);
      await insert('CenterService', viaInsert.services);
      await insert('Membership', viaInsert.memberships);
      await insert('Client', viaInsert.clients);
      await insert('Attachment', viaInsert.attachments);
      await insert('AttachmentContent', viaInsert.contents);
    });
    // One statement per table, and one per 1,000 rows (as createMany's chunks), so statement triggers fire as often.
    expect(statements.filter((s) => /^INSERT INTO "Client"/.test(s))).toHaveLength(2);

    // Read back without the ids and names that differ on purpose.
    const read = async (ids: typeof m) => {
      const centers = await prisma.center.findMany({ where: { id: { in: ids.centers } }, orderBy: { licensedCapacity: 'desc' }, omit: { id: true, slug: true, code: true } });
      const services = await prisma.centerService.findMany({ where: { centerId: { in: ids.centers } }, orderBy: { nameEn: 'asc' }, omit: { id: true, centerId: true, serviceKindId: true } });
      const memberships = await prisma.membership.findMany({ where: { centerId: { in: ids.centers } }, orderBy: { role: 'asc' }, omit: { id: true, centerId: true, createdAt: true } });
      const clients = await prisma.client.findMany({ where: { centerId: { in: ids.centers } }, orderBy: { firstName: 'asc' }, omit: { id: true, centerId: true } });
      const contents = await prisma.attachmentContent.findMany({ where: { attachmentId: { in: ids.attachments } }, include: { attachment: { omit: { id: true, clientId: true, centerId: true } } }, omit: { attachmentId: true, centerId: true } });
      contents.sort((a, b) => a.attachment.fileName.localeCompare(b.attachment.fileName));
      return { centers, services, memberships, clients, contents };
    };
    const [written, inserted] = [await read(m), await read(i)];
    expect(written.clients).toHaveLength(ROWS_PER_STATEMENT + 234);
    expect(written.centers.map((c) => [c.planningDays, c.retentionYears])).toEqual([[15, null], [20, 10]]);
    expect(inserted).toEqual(written);
  });

  it('refuses a field its model does not have', async () => {
    await expect(db.prisma.$transaction((tx) => rowInserter(tx)('Network', [{ slug: 'x', nameBg: 'x', nameEn: 'x', colour: 'red' }]))).rejects.toThrow('Network has no scalar field colour');
  });
});
