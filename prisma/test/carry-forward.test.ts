import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterFactory } from '../src/adapters.ts';
import { applyMigrations } from '../src/migrate/index.ts';

// Issue #15: the migrations of items 7 and 8 carry existing data forward. A database at the
// migration before them holds meetings and contacts as they were; after them, a past meeting
// with attendance is HELD, every other one PLANNED (and only HELD ones count), and existing
// contacts are neither voided nor changed.

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');
const FIRST_NEW = '20261203015814_group_meeting_status';

type Adapter = Awaited<ReturnType<ReturnType<typeof createAdapterFactory>['connect']>>;

describe('issue #15 migrations over existing data', { timeout: 180_000 }, () => {
  let dir: string;
  const factory = createAdapterFactory({ kind: 'pglite', dataDir: 'memory://' });
  let db: Adapter;
  const exec = async (script: string) => {
    // One statement at a time (a prepared statement holds one command).
    for (const sql of script.split(/;\s*\n/).map((x) => x.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean)) {
      await db.executeRaw({ sql, args: [], argTypes: [] });
    }
  };
  const rows = async (sql: string) => (await db.queryRaw({ sql, args: [], argTypes: [] })).rows;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opora-carry-'));
    const all = (await readdir(MIGRATIONS)).sort();
    for (const name of all.filter((n) => n === 'migration_lock.toml' || n < FIRST_NEW)) await cp(path.join(MIGRATIONS, name), path.join(dir, name), { recursive: true });
    await applyMigrations(factory, { migrationsDir: dir });
    db = await factory.connect();
    // One center, a group program with three meetings, two contacts: as the old schema held them.
    await exec(`
      INSERT INTO "Network" (id, slug, "nameBg", "nameEn") VALUES ('00000000-0000-0000-0000-0000000000a1', 'n', 'Мрежа', 'Network');
      INSERT INTO "Municipality" (id, code, "nameBg", "nameEn", "regionBg", "regionEn", "regionCode")
        VALUES ('00000000-0000-0000-0000-0000000000b1', 'KZL01', 'Казанлък', 'Kazanlak', 'Стара Загора', 'Stara Zagora', 'SZR');
      INSERT INTO "Center" (id, slug, code, "nameBg", "nameEn", "providerNameBg", "providerNameEn", "municipalityId", "addressBg", "foundedOn", "licensedCapacity")
        VALUES ('00000000-0000-0000-0000-0000000000c1', 'c', 'C1', 'Център', 'Center', 'Доставчик', 'Provider', '00000000-0000-0000-0000-0000000000b1', 'ул. 1', '2015-01-01', 40);
      INSERT INTO "ServiceKind" (id, code, "nameBg", "nameEn") VALUES ('00000000-0000-0000-0000-0000000000d1', 'GROUP_X', 'Група', 'Group');
      INSERT INTO "CenterService" (id, "centerId", "serviceKindId", "nameBg", "nameEn", access)
        VALUES ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000d1', 'Група', 'Group', 'OPEN_ACCESS');
      INSERT INTO "GroupProgram" (id, "centerId", kind, "serviceId", "nameBg", "nameEn", "startsOn")
        VALUES ('00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-0000000000c1', 'OTHER', '00000000-0000-0000-0000-0000000000e1', 'Клуб', 'Club', '2025-01-01');
      INSERT INTO "GroupProgramParticipant" (id, "centerId", "programId", "displayName", "enrolledOn")
        VALUES ('00000000-0000-0000-0000-000000000101', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000f1', 'Мария', '2025-01-01');
      INSERT INTO "GroupMeeting" (id, "centerId", "programId", "startsAt", "durationMinutes") VALUES
        ('00000000-0000-0000-0000-000000000201', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000f1', '2025-02-03 14:00', 90),
        ('00000000-0000-0000-0000-000000000202', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000f1', '2025-02-10 14:00', 90),
        ('00000000-0000-0000-0000-000000000203', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000f1', now() + interval '20 days', 90);
      -- Attendance was accepted for the meeting ahead too (the bug): it is not a held meeting.
      INSERT INTO "Attendance" ("centerId", "meetingId", "participantId", present) VALUES
        ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000201', '00000000-0000-0000-0000-000000000101', true),
        ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000203', '00000000-0000-0000-0000-000000000101', true);
      INSERT INTO "OpenAccessContact" (id, "centerId", "occurredOn", "serviceId", channel, "municipalityId", "peopleCount", "createdAt") VALUES
        ('00000000-0000-0000-0000-000000000301', '00000000-0000-0000-0000-0000000000c1', '2025-02-04', '00000000-0000-0000-0000-0000000000e1', 'PHONE', '00000000-0000-0000-0000-0000000000b1', 2, '2025-02-04 12:00');
    `);
    expect(await applyMigrations(factory, { migrationsDir: MIGRATIONS })).toEqual(expect.arrayContaining([FIRST_NEW]));
  });

  afterAll(async () => {
    await factory.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a past meeting with attendance is held; a past one without and a future one are planned', async () => {
    expect(await rows(`SELECT id::text, status::text, "statusChangedAt" IS NOT NULL, "cancellationReason" FROM "GroupMeeting" ORDER BY "startsAt"`)).toEqual([
      ['00000000-0000-0000-0000-000000000201', 'HELD', true, null],
      ['00000000-0000-0000-0000-000000000202', 'PLANNED', false, null],
      ['00000000-0000-0000-0000-000000000203', 'PLANNED', false, null],
    ]);
  });

  it('only the held meeting counts in the rollups', async () => {
    await rows(`SELECT aggregate_refresh()`);
    expect(await rows(`SELECT to_char(month, 'YYYY-MM'), meetings, attendances FROM "RollupAttendance" ORDER BY month`)).toEqual([['2025-02', 1, 1]]);
  });

  it('existing contacts are kept as they were: not voided, last changed when made, still counted', async () => {
    expect(await rows(`SELECT "voidedAt", "voidReason", version, "updatedAt" = "createdAt", "peopleCount" FROM "OpenAccessContact"`)).toEqual([[null, null, 1, true, 2]]);
    expect(await rows(`SELECT contacts, people FROM "RollupOpenAccess"`)).toEqual([[1, 2]]);
  });
});
