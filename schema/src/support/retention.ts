import type { PrismaClient } from '@opora/prisma/client';
import { inTenant, type TenantScope, type TenantTx } from '@opora/prisma/tenant';
import { toSearchName } from '@opora/prisma/search-name';
import { addMonths, isoDay, today } from '@opora/common/calendar';

// Retention (GDPR storage limitation, issue #19): a person whose every case closed more than
// Center.retentionYears years ago, with no case open, is anonymised, with the household members
// and case participants who have nothing newer of their own. What the rollups read stays:
// sex, settlement (residence), birth year, and a birth day chosen so that every age band the
// rollups compute for the person is the same (so every network and municipal figure is unchanged).
// Everything else that names or reaches the person goes: names, birth date, address, phone,
// e-mail, the free text of their cases' records, their attachments' names and contents, and the
// audit trail's copies (audit_scrub_person(), migration 20261204150000_data_rights).
// Each person in a transaction of their own inside the center's tenant (RLS), all or nothing
// (a restricted person is invisible to the job, so not anonymised until the restriction is lifted);
// run again, it finds nobody (anonymisedAt is set).

/** The tenant's user for the job: nobody (audit events of the job carry no user). */
export const RETENTION_USER = '00000000-0000-0000-0000-000000000000';
export const ANONYMISED_TEXT = '[анонимизирано / anonymised]';
export const ANONYMISED_FIRST_NAME = 'Анонимизиран';
export const ANONYMISED_LAST_NAME = 'потребител';

export type RetentionReport = { centers: number; persons: number };

const centerScope = (centerId: string): TenantScope => ({ kind: 'center', centerId, userId: RETENTION_USER });

/** The day before which a case must have closed for its person to be anonymised today. */
export function retentionCutoff(years: number, on: Date = today()): Date {
  return addMonths(on, -12 * years);
}

/** Runs the retention rules of every center that keeps a limit; `on` is today (Sofia) unless given. */
export async function runRetention(prisma: PrismaClient, on: Date = today()): Promise<RetentionReport> {
  const centers = await inTenant(prisma, { kind: 'anonymous' }, (tx) =>
    tx.center.findMany({ where: { retentionYears: { gt: 0 } }, select: { id: true, retentionYears: true } }),
  );
  let persons = 0;
  for (const center of centers) persons += await runCenterRetention(prisma, center.id, center.retentionYears!, on);
  return { centers: centers.length, persons };
}

/** One center's run: each due person apart, so one failure leaves the others done. */
export async function runCenterRetention(prisma: PrismaClient, centerId: string, years: number, on: Date = today()): Promise<number> {
  const cutoff = retentionCutoff(years, on);
  const due = await inTenant(prisma, centerScope(centerId), (tx) => duePersons(tx, centerId, cutoff));
  let done = 0;
  for (const personId of due) {
    const anonymised = await inTenant(prisma, centerScope(centerId), (tx) => anonymiseIfDue(tx, centerId, personId, years, cutoff), { timeout: 60_000 });
    done += anonymised;
  }
  return done;
}

// A client is "settled" when nothing keeps them: every case where they are the main person or a
// participant closed before the cutoff, none open.
const UNSETTLED = `EXISTS (SELECT 1 FROM "Case" k WHERE k."centerId" = cl."centerId"
      AND (k."childId" = cl.id OR EXISTS (SELECT 1 FROM "CaseParticipant" p WHERE p."centerId" = k."centerId" AND p."caseId" = k.id AND p."clientId" = cl.id))
      AND (k.status <> 'CLOSED' OR k."closedOn" IS NULL OR k."closedOn" >= $2::date))`;

async function duePersons(tx: TenantTx, centerId: string, cutoff: Date): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT cl.id::text FROM "Client" cl
      WHERE cl."centerId" = $1::uuid AND cl."anonymisedAt" IS NULL
        AND EXISTS (SELECT 1 FROM "Case" k WHERE k."centerId" = cl."centerId" AND k."childId" = cl.id)
        AND NOT ${UNSETTLED}
      ORDER BY cl.id`,
    centerId,
    isoDay(cutoff),
  );
  return rows.map((r) => r.id);
}

/** Anonymises the person (and companions) if still due; 0 when someone else got there first. */
async function anonymiseIfDue(tx: TenantTx, centerId: string, personId: string, years: number, cutoff: Date): Promise<number> {
  // Lock the person's row: two servers running the job take turns, the second finds it done.
  const still = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT cl.id::text FROM "Client" cl WHERE cl."centerId" = $1::uuid AND cl.id = $3::uuid AND cl."anonymisedAt" IS NULL AND NOT ${UNSETTLED} FOR UPDATE`,
    centerId,
    isoDay(cutoff),
    personId,
  );
  if (!still.length) return 0;
  // Household members and case participants of the person's cases with nothing newer of their own.
  const companions = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT DISTINCT cl.id::text FROM "Client" cl
      WHERE cl."centerId" = $1::uuid AND cl.id <> $3::uuid AND cl."anonymisedAt" IS NULL
        AND (cl.id IN (SELECT m."clientId" FROM "HouseholdMember" m WHERE m."centerId" = $1::uuid
                        AND m."householdId" IN (SELECT h."householdId" FROM "HouseholdMember" h WHERE h."centerId" = $1::uuid AND h."clientId" = $3::uuid))
          OR cl.id IN (SELECT p."clientId" FROM "CaseParticipant" p JOIN "Case" k ON k."centerId" = p."centerId" AND k.id = p."caseId"
                        WHERE p."centerId" = $1::uuid AND k."childId" = $3::uuid))
        AND NOT ${UNSETTLED}`,
    centerId,
    isoDay(cutoff),
    personId,
  );
  const people = [personId, ...companions.map((c) => c.id)];
  for (const id of people) await anonymiseClient(tx, centerId, id);
  // Households whose every member is now anonymised lose their name and address.
  await tx.$executeRawUnsafe(
    `UPDATE "Household" h SET name = $2, address = NULL, version = h.version + 1, "updatedAt" = now()
      WHERE h."centerId" = $1::uuid
        AND h.id IN (SELECT m."householdId" FROM "HouseholdMember" m WHERE m."centerId" = $1::uuid AND m."clientId" = ANY($3::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM "HouseholdMember" m JOIN "Client" c ON c."centerId" = m."centerId" AND c.id = m."clientId"
                         WHERE m."centerId" = h."centerId" AND m."householdId" = h.id AND c."anonymisedAt" IS NULL)`,
    centerId,
    ANONYMISED_TEXT,
    people,
  );
  for (const id of people) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "AuditEvent" ("centerId", "action", "entityType", "entityId", "detail", "at")
       VALUES ($1::uuid, 'UPDATE', 'Client', $2, $3::jsonb, clock_timestamp() AT TIME ZONE 'UTC')`,
      centerId,
      id,
      JSON.stringify({ retention: 'anonymised', years, ...(id === personId ? {} : { with: personId }) }),
    );
  }
  return 1;
}

type ClientRow = {
  firstName: string;
  middleName: string | null;
  lastName: string;
  birthDate: Date | null;
  birthYear: number | null;
  phone: string | null;
  email: string | null;
  address: string | null;
};

async function anonymiseClient(tx: TenantTx, centerId: string, clientId: string): Promise<void> {
  const [c] = await tx.$queryRawUnsafe<ClientRow[]>(
    `SELECT "firstName", "middleName", "lastName", "birthDate", "birthYear", phone, email, address FROM "Client" WHERE "centerId" = $1::uuid AND id = $2::uuid`,
    centerId,
    clientId,
  );
  if (!c) return;
  const cases = (await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text FROM "Case" WHERE "centerId" = $1::uuid AND "childId" = $2::uuid`, centerId, clientId)).map(
    (r) => r.id,
  );
  const birthYear = c.birthYear ?? c.birthDate?.getUTCFullYear() ?? null;
  const birthDate = c.birthDate ? await sameBandsBirthDay(tx, centerId, clientId, c.birthDate) : null;

  // The audit trail's copies first, while the values are still known.
  const needles = personValues(c);
  const records = await ownRecordIds(tx, centerId, clientId, cases);
  await tx.$queryRawUnsafe(`SELECT audit_scrub_person($1::text[], $2::text[])`, needles, records);

  await tx.$executeRawUnsafe(
    `UPDATE "Client" SET "firstName" = $3, "middleName" = NULL, "lastName" = $4, "searchName" = $5, "birthDate" = $6::date, "birthYear" = $7,
            address = NULL, phone = NULL, email = NULL, "anonymisedAt" = now(), version = version + 1, "updatedAt" = now()
      WHERE "centerId" = $1::uuid AND id = $2::uuid`,
    centerId,
    clientId,
    ANONYMISED_FIRST_NAME,
    ANONYMISED_LAST_NAME,
    toSearchName(`${ANONYMISED_FIRST_NAME} ${ANONYMISED_LAST_NAME}`),
    birthDate ? isoDay(birthDate) : null,
    birthYear,
  );
  // Free text about the person: their consents, their group places, their cases' records.
  const t = ANONYMISED_TEXT;
  const run = (sql: string, ...params: unknown[]) => tx.$executeRawUnsafe(sql, centerId, ...params);
  await run(`UPDATE "Consent" SET "givenBy" = $3, "documentRef" = NULL WHERE "centerId" = $1::uuid AND "clientId" = $2::uuid`, clientId, t);
  await run(`UPDATE "GroupProgramParticipant" SET "displayName" = NULL, phone = NULL WHERE "centerId" = $1::uuid AND "clientId" = $2::uuid`, clientId);
  if (cases.length) {
    const k = cases;
    await run(
      `UPDATE "Case" SET "referralReason" = CASE WHEN "referralReason" IS NULL THEN NULL ELSE $3 END, "closureNote" = CASE WHEN "closureNote" IS NULL THEN NULL ELSE $3 END,
              version = version + 1, "updatedAt" = now() WHERE "centerId" = $1::uuid AND id = ANY($2::uuid[])`,
      k,
      t,
    );
    await run(`UPDATE "CaseStatusChange" SET note = $3 WHERE "centerId" = $1::uuid AND "caseId" = ANY($2::uuid[]) AND note IS NOT NULL`, k, t);
    await run(
      `UPDATE "Note" SET body = $3 WHERE "centerId" = $1::uuid AND ("caseId" = ANY($2::uuid[])
         OR "sessionId" IN (SELECT id FROM "Session" WHERE "centerId" = $1::uuid AND "caseId" = ANY($2::uuid[])))`,
      k,
      t,
    );
    await run(`UPDATE "Assessment" SET summary = $3 WHERE "centerId" = $1::uuid AND "caseId" = ANY($2::uuid[]) AND summary IS NOT NULL`, k, t);
    await run(
      `UPDATE "AssessmentAreaRating" r SET notes = $3 FROM "Assessment" a WHERE a."centerId" = r."centerId" AND a.id = r."assessmentId"
         AND r."centerId" = $1::uuid AND a."caseId" = ANY($2::uuid[]) AND r.notes IS NOT NULL`,
      k,
      t,
    );
    await run(
      `UPDATE "Participation" p SET name = $3 WHERE p."centerId" = $1::uuid AND (p."assessmentId" IN (SELECT id FROM "Assessment" WHERE "centerId" = $1::uuid AND "caseId" = ANY($2::uuid[]))
         OR p."planId" IN (SELECT id FROM "SupportPlan" WHERE "centerId" = $1::uuid AND "caseId" = ANY($2::uuid[])))`,
      k,
      t,
    );
    await run(
      `UPDATE "SupportPlanGoal" g SET description = $3 FROM "SupportPlan" p WHERE p."centerId" = g."centerId" AND p.id = g."planId" AND g."centerId" = $1::uuid AND p."caseId" = ANY($2::uuid[])`,
      k,
      t,
    );
    await run(
      `UPDATE "PlannedService" s SET note = $3 FROM "SupportPlan" p WHERE p."centerId" = s."centerId" AND p.id = s."planId" AND s."centerId" = $1::uuid AND p."caseId" = ANY($2::uuid[]) AND s.note IS NOT NULL`,
      k,
      t,
    );
    await run(
      `UPDATE "PlanReview" r SET summary = $3 FROM "SupportPlan" p WHERE p."centerId" = r."centerId" AND p.id = r."planId" AND r."centerId" = $1::uuid AND p."caseId" = ANY($2::uuid[]) AND r.summary IS NOT NULL`,
      k,
      t,
    );
    await run(
      `UPDATE "Contract" SET "feeNote" = CASE WHEN "feeNote" IS NULL THEN NULL ELSE $3 END, "endNote" = CASE WHEN "endNote" IS NULL THEN NULL ELSE $3 END
        WHERE "centerId" = $1::uuid AND "caseId" = ANY($2::uuid[])`,
      k,
      t,
    );
    await run(
      `UPDATE "ContractExtension" e SET ground = $3 FROM "Contract" c WHERE c."centerId" = e."centerId" AND c.id = e."contractId" AND e."centerId" = $1::uuid AND c."caseId" = ANY($2::uuid[])`,
      k,
      t,
    );
  }
  // Attachments of the person's records: the name goes, the content is erased (the record that a
  // file existed stays, as for an erasure by the manager).
  const attachments = records.filter((id) => id.startsWith('attachment:')).map((id) => id.slice('attachment:'.length));
  if (attachments.length) {
    await run(`DELETE FROM "AttachmentContent" WHERE "centerId" = $1::uuid AND "attachmentId" = ANY($2::uuid[])`, attachments);
    await run(
      `UPDATE "Attachment" SET "fileName" = 'anonymised', "voidReason" = CASE WHEN "voidReason" IS NULL THEN NULL ELSE $3 END,
              "erasedAt" = coalesce("erasedAt", now()), "erasureReason" = $3,
              -- An erasure names who is answerable for it: the manager, whose rule this is.
              "erasedById" = coalesce("erasedById",
                (SELECT m.id FROM "Membership" m WHERE m."centerId" = $1::uuid AND m.role = 'MANAGER' ORDER BY m."endedOn" DESC NULLS FIRST, m.id LIMIT 1), "uploadedById")
        WHERE "centerId" = $1::uuid AND id = ANY($2::uuid[])`,
      attachments,
      t,
    );
  }
}

/** The person's identifying values, as they may appear in free text (the audit trail's copies). */
function personValues(c: ClientRow): string[] {
  const names = [c.firstName, c.middleName, c.lastName].filter((n): n is string => !!n);
  const values = [...names, names.join(' '), c.phone, c.email, c.address];
  if (c.birthDate) {
    const iso = isoDay(c.birthDate);
    values.push(iso, `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`);
  }
  return values.filter((v): v is string => !!v && v.trim().length >= 3);
}

/**
 * Ids of the person's own records whose audit events' free text goes: the client, their cases,
 * and every attachment of the client, the cases, their assessments, plans, contracts and consents
 * (attachments prefixed "attachment:" for the caller; audit events carry the bare id).
 */
async function ownRecordIds(tx: TenantTx, centerId: string, clientId: string, cases: string[]): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT a.id::text FROM "Attachment" a WHERE a."centerId" = $1::uuid AND (
        a."clientId" = $2::uuid OR a."caseId" = ANY($3::uuid[])
        OR a."assessmentId" IN (SELECT id FROM "Assessment" WHERE "centerId" = $1::uuid AND "caseId" = ANY($3::uuid[]))
        OR a."supportPlanId" IN (SELECT id FROM "SupportPlan" WHERE "centerId" = $1::uuid AND "caseId" = ANY($3::uuid[]))
        OR a."contractId" IN (SELECT id FROM "Contract" WHERE "centerId" = $1::uuid AND "caseId" = ANY($3::uuid[]))
        OR a."consentId" IN (SELECT id FROM "Consent" WHERE "centerId" = $1::uuid AND "clientId" = $2::uuid))`,
    centerId,
    clientId,
    cases,
  );
  const attachments = rows.map((r) => r.id);
  return [clientId, ...cases, ...attachments, ...attachments.map((id) => `attachment:${id}`)];
}

/**
 * A birth day in the same year that gives the same age band on every day the rollups measure the
 * person's age (the month of each session, each case's referral and closure day, each month end
 * a case was open): the earliest such day other than the real one. Null when only the real day
 * does (the birth year alone then stands; figures of the month that pinned it may move).
 */
async function sameBandsBirthDay(tx: TenantTx, centerId: string, clientId: string, birthDate: Date): Promise<Date | null> {
  const [row] = await tx.$queryRawUnsafe<{ day: Date | null }[]>(
    `WITH k AS (SELECT * FROM "Case" WHERE "centerId" = $1::uuid AND "childId" = $2::uuid),
     at AS (
       SELECT "referralDate" AS d FROM k
       UNION SELECT "closedOn" FROM k WHERE "closedOn" IS NOT NULL
       UNION SELECT (m + interval '1 month - 1 day')::date FROM k,
               generate_series(date_trunc('month', k."referralDate"), date_trunc('month', coalesce(k."closedOn", current_date)), interval '1 month') AS m
              WHERE k."referralDate" < m + interval '1 month' AND (k."closedOn" IS NULL OR k."closedOn" >= m + interval '1 month')
       UNION SELECT date_trunc('month', s."startsAt")::date FROM "Session" s JOIN k ON k.id = s."caseId" WHERE s."centerId" = $1::uuid
       UNION SELECT date_trunc('month', s."startsAt")::date FROM "SessionClient" sc JOIN "Session" s ON s."centerId" = sc."centerId" AND s.id = sc."sessionId"
              WHERE sc."centerId" = $1::uuid AND sc."clientId" = $2::uuid)
     SELECT min(cand)::date AS day
       FROM generate_series(make_date($4, 1, 1), make_date($4, 12, 31), interval '1 day') AS g(cand)
      WHERE cand::date <> $3::date
        AND NOT EXISTS (SELECT 1 FROM at WHERE aggregate_age_band(cand::date, $4, at.d) IS DISTINCT FROM aggregate_age_band($3::date, $4, at.d))`,
    centerId,
    clientId,
    isoDay(birthDate),
    birthDate.getUTCFullYear(),
  );
  return row?.day ?? null;
}
