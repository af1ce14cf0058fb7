import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, TestApi } from '../support/api.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// Files kept with a record (issue 16): upload over POST /files, list through GraphQL, download
// over GET /files/<id>, void and erase. Isolation is proved through the API (with the other
// center's own ids and with the first center's ids) and as the runtime database role.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>', 'utf8');
const CASES = `{ cases(first: 1) { edges { node { id number child { id } } } } }`;
const LIST = `query($id: ID!) { node(id: $id) { ... on Case { attachments { id fileName mediaType byteSize voidedAt voidReason erasedAt erasureReason downloadPath uploadedBy { id } } } } }`;
const VOID = `mutation($id: ID!, $reason: String!) { voidAttachment(id: $id, reason: $reason) { id voidedAt voidReason erasedAt } }`;
const ERASE = `mutation($id: ID!, $reason: String!) { eraseAttachment(id: $id, reason: $reason) { id voidedAt erasedAt erasureReason downloadPath } }`;
const LIMITS = `mutation($maxBytes: Int!, $maxPerRecord: Int!) { setAttachmentLimits(maxBytes: $maxBytes, maxPerRecord: $maxPerRecord) { attachmentMaxBytes attachmentMaxPerRecord } }`;

let api: TestApi;
let plovdiv: string;
let kazanlak: string;
let plovdivCase: { id: string; number: string; child: { id: string } };
let kazanlakCase: { id: string; number: string; child: { id: string } };
let plovdivId: string;
let kazanlakId: string;
let managerUser: string;

function upload(owner: string, token: string, bytes: Buffer, name: string, language: 'bg' | 'en' = 'bg') {
  return fetch(`${api.url}/files?owner=${encodeURIComponent(owner)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name), 'x-opora-language': language },
    body: bytes,
  });
}

function download(path: string, token: string) {
  return fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const countFiles = async () => (await sqlAsOwner<{ n: number }>(api.db, `SELECT (SELECT count(*) FROM "Attachment") + (SELECT count(*) FROM "AttachmentContent") AS n`))[0]!.n;

beforeAll(async () => {
  api = await TestApi.start();
  plovdiv = await api.login(DEMO.plovdivManager);
  kazanlak = await api.login(DEMO.kazanlakManager);
  plovdivCase = (await api.ok(CASES, {}, plovdiv)).cases.edges[0].node;
  kazanlakCase = (await api.ok(CASES, {}, kazanlak)).cases.edges[0].node;
  const centers = await sqlAsOwner<{ id: string; slug: string }>(api.db, `SELECT id::text, slug FROM "Center"`);
  plovdivId = centers.find((c) => c.slug === 'plovdiv')!.id;
  kazanlakId = centers.find((c) => c.slug === 'kazanlak')!.id;
  managerUser = (await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "User" WHERE email = $1`, DEMO.kazanlakManager))[0]!.id;
});

afterAll(async () => {
  await api?.stop();
});

describe('a file on a case', () => {
  let fileId: string;
  let downloadPath: string;

  test('uploads, is listed with its type from the content and a sanitized name, and downloads as an attachment (bytes equal), audited', async () => {
    const res = await upload(plovdivCase.id, plovdiv, PDF, '../../етс/Оценка\u202Egnp.pdf');
    expect(res.status).toBe(201);
    const { attachment } = (await res.json()) as { attachment: { id: string; fileName: string; mediaType: string; byteSize: number } };
    expect(attachment).toMatchObject({ mediaType: 'application/pdf', byteSize: PDF.length });
    expect(attachment.fileName).toBe('Оценка_gnp.pdf');
    fileId = attachment.id;

    const listed = await api.ok(LIST, { id: plovdivCase.id }, plovdiv);
    const row = listed.node.attachments.find((a: { id: string }) => a.id === fileId);
    expect(row).toMatchObject({ fileName: 'Оценка_gnp.pdf', mediaType: 'application/pdf', byteSize: PDF.length, voidedAt: null, erasedAt: null });
    expect(row.uploadedBy).not.toBeNull();
    downloadPath = row.downloadPath;

    // The download is an audited read of the file and of the record (the person) it belongs to.
    const reads = async () =>
      (
        await sqlAsOwner<{ file: number; owner: number }>(
          api.db,
          `SELECT count(*) FILTER (WHERE "entityType" = 'Attachment' AND "entityId" = $1 AND detail->>'download' = 'true')::int AS file,
                  count(*) FILTER (WHERE "entityType" = 'Case' AND "entityId" = $2)::int AS owner
             FROM "AuditEvent" WHERE action = 'READ'`,
          uuidOf(fileId),
          uuidOf(plovdivCase.id),
        )
      )[0]!;
    const before = await reads();
    const got = await download(downloadPath, plovdiv);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);
    expect(await reads()).toEqual({ file: before.file + 1, owner: before.owner + 1 });

    const [created] = await sqlAsOwner<{ n: number }>(
      api.db,
      `SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'CREATE' AND "entityType" = 'Attachment' AND "entityId" = $1`,
      uuidOf(fileId),
    );
    expect(created!.n).toBe(1);
  });

  test('the other center cannot list, download or guess it: not with its own ids, not with the first center’s', async () => {
    // Its own case lists nothing of Plovdiv's.
    const own = await api.ok(LIST, { id: kazanlakCase.id }, kazanlak);
    expect(own.node.attachments.map((a: { id: string }) => a.id)).not.toContain(fileId);
    // Plovdiv's case by its id: not there at all.
    const foreign = await api.gql(LIST, { id: plovdivCase.id }, kazanlak);
    expect(foreign.data?.node ?? null).toBeNull();
    // The file by its id, through node and through the download path: exactly like a file that does not exist.
    const node = await api.gql(`query($id: ID!) { node(id: $id) { id ... on Attachment { fileName } } }`, { id: fileId }, kazanlak);
    expect(node.data?.node ?? null).toBeNull();
    const got = await download(downloadPath, kazanlak);
    const missing = await download(`/files/${Buffer.from(`Attachment:${crypto.randomUUID()}`).toString('base64url')}`, kazanlak);
    expect(got.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await got.json()).toEqual(await missing.json());
    // A raw uuid or another type's id is no way round.
    expect((await download(`/files/${uuidOf(fileId)}`, kazanlak)).status).toBe(404);
    // Nor can it add a file to Plovdiv's case, void or erase Plovdiv's file.
    const sneak = await upload(plovdivCase.id, kazanlak, PDF, 'x.pdf');
    expect(sneak.status).toBe(404);
    const voided = await api.gql(VOID, { id: fileId, reason: 'опит' }, kazanlak);
    const erased = await api.gql(ERASE, { id: fileId, reason: 'опит' }, kazanlak);
    expect(voided.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(erased.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('as the runtime database role under the other center’s tenant, neither the metadata nor the content is there', async () => {
    const kazanlakScope = { kind: 'center' as const, centerId: kazanlakId, userId: managerUser };
    const id = uuidOf(fileId);
    const meta = await sqlAs<{ n: number }>(api.db, kazanlakScope, `SELECT count(*)::int AS n FROM "Attachment" WHERE id = $1::uuid`, id);
    const content = await sqlAs<{ n: number }>(api.db, kazanlakScope, `SELECT count(*)::int AS n FROM "AttachmentContent" WHERE "attachmentId" = $1::uuid`, id);
    expect([meta[0]!.n, content[0]!.n]).toEqual([0, 0]);
    // …while the owner sees both under Plovdiv's tenant (so "0" above means filtered, not absent).
    const plovdivScope = { kind: 'center' as const, centerId: plovdivId, userId: managerUser };
    const mine = await sqlAs<{ n: number }>(api.db, plovdivScope, `SELECT count(*)::int AS n FROM "AttachmentContent" WHERE "attachmentId" = $1::uuid`, id);
    expect(mine[0]!.n).toBe(1);
    // Nor can it write a file of its own onto Plovdiv's case or claim Plovdiv's center.
    await expect(
      sqlAs(api.db, kazanlakScope, `INSERT INTO "Attachment" ("centerId", "caseId", "fileName", "mediaType", "byteSize", sha256) VALUES ($1::uuid, $2::uuid, 'x.pdf', 'application/pdf', 1, 'x')`, kazanlakId, uuidOf(plovdivCase.id)),
    ).rejects.toThrow();
    await expect(
      sqlAs(api.db, kazanlakScope, `INSERT INTO "AttachmentContent" ("attachmentId", "centerId", content) VALUES ($1::uuid, $2::uuid, '\\x00')`, id, plovdivId),
    ).rejects.toThrow();
    // And the runtime role may never delete a file's record, even its own center's.
    await expect(sqlAs(api.db, plovdivScope, `DELETE FROM "Attachment" WHERE id = $1::uuid`, id)).rejects.toThrow(/permission denied/);
  });

  test('voiding keeps the record and the content, with who, when and why; erasing removes the content only', async () => {
    const bad = await api.gql(VOID, { id: fileId, reason: '   ' }, plovdiv);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const voided = await api.ok(VOID, { id: fileId, reason: 'Качен по погрешка' }, plovdiv);
    expect(voided.voidAttachment).toMatchObject({ voidReason: 'Качен по погрешка', erasedAt: null });
    expect(voided.voidAttachment.voidedAt).not.toBeNull();
    expect((await download(downloadPath, plovdiv)).status).toBe(200);
    const again = await api.gql(VOID, { id: fileId, reason: 'пак' }, plovdiv);
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');

    // Erasing is the manager's: a worker is refused.
    const worker = await api.login(DEMO.plovdivWorker);
    const refused = await api.gql(ERASE, { id: fileId, reason: 'чл. 17 ОРЗД' }, worker);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const erased = await api.ok(ERASE, { id: fileId, reason: 'Искане за изтриване, чл. 17 ОРЗД' }, plovdiv);
    expect(erased.eraseAttachment).toMatchObject({ erasureReason: 'Искане за изтриване, чл. 17 ОРЗД', downloadPath: null });
    const [row] = await sqlAsOwner<{ n: number; erased: boolean; name: string; by: string | null }>(
      api.db,
      `SELECT (SELECT count(*)::int FROM "AttachmentContent" WHERE "attachmentId" = a.id) AS n, a."erasedAt" IS NOT NULL AS erased, a."fileName" AS name, a."erasedById"::text AS by FROM "Attachment" a WHERE a.id = $1::uuid`,
      uuidOf(fileId),
    );
    expect(row).toMatchObject({ n: 0, erased: true, name: 'Оценка_gnp.pdf' });
    expect(row!.by).not.toBeNull();
    const gone = await download(downloadPath, plovdiv);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { errors: { extensions: { messageBg: string } }[] }).errors[0]!.extensions.messageBg).toMatch(/изтрито/);

    const actions = await sqlAsOwner<{ action: string; detail: Record<string, unknown> }>(
      api.db,
      `SELECT action::text, detail FROM "AuditEvent" WHERE "entityType" = 'Attachment' AND "entityId" = $1 ORDER BY id`,
      uuidOf(fileId),
    );
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['CREATE', 'READ', 'UPDATE', 'DELETE']));
    expect(actions.find((a) => a.action === 'UPDATE')!.detail).toMatchObject({ voided: true, reason: 'Качен по погрешка' });
    expect(actions.find((a) => a.action === 'DELETE')!.detail).toMatchObject({ erased: 'content' });
  });
});

describe('every record the issue names takes files: client, case, assessment, plan, contract, consent', () => {
  const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
  const CONTRACT_FILES = `query($id: ID!) { node(id: $id) { ... on Contract { attachments { id fileName owner ownerId } } } }`;
  const CASE_FILES = `query($id: ID!) { node(id: $id) { ... on Case { attachments { id owner ownerId } } } }`;

  test('a file uploads onto each owner kind, is listed with its owner, and the contract’s files are listed on the contract and its case', async () => {
    const p = api.db.prisma;
    const c = await p.case.findFirstOrThrow({
      // Not the case (nor the person) the other tests count files on; the demo worker is off its team.
      where: {
        center: { slug: 'plovdiv' }, id: { not: uuidOf(plovdivCase.id) }, personId: { not: uuidOf(plovdivCase.child.id) },
        leadWorker: { user: { email: { not: DEMO.plovdivWorker } } }, teamMembers: { none: { membership: { user: { email: DEMO.plovdivWorker } } } },
        status: 'ACTIVE', contracts: { some: { status: 'SIGNED' } }, assessments: { some: {} }, supportPlans: { some: {} }, person: { consents: { some: {} } },
      },
      orderBy: { number: 'asc' },
      select: {
        id: true, personId: true,
        assessments: { select: { id: true }, take: 1 },
        supportPlans: { select: { id: true }, take: 1 },
        contracts: { where: { status: 'SIGNED' }, select: { id: true }, take: 1 },
        person: { select: { consents: { select: { id: true }, take: 1 } } },
      },
    });
    const owners = [
      ['CLIENT', gid('Client', c.personId)],
      ['CASE', gid('Case', c.id)],
      ['ASSESSMENT', gid('Assessment', c.assessments[0]!.id)],
      ['SUPPORT_PLAN', gid('SupportPlan', c.supportPlans[0]!.id)],
      ['CONTRACT', gid('Contract', c.contracts[0]!.id)],
      ['CONSENT', gid('Consent', c.person.consents[0]!.id)],
    ] as const;
    const ids = new Map<string, string>();
    for (const [kind, owner] of owners) {
      const res = await upload(owner, plovdiv, PDF, `${kind}.pdf`);
      expect(res.status, kind).toBe(201);
      ids.set(kind, ((await res.json()) as { attachment: { id: string } }).attachment.id);
    }
    const contractId = gid('Contract', c.contracts[0]!.id);
    const onContract = (await api.ok(CONTRACT_FILES, { id: contractId }, plovdiv)).node.attachments;
    // The new file beside the demo's signed copy; only the contract's own files.
    expect(onContract).toContainEqual({ id: ids.get('CONTRACT'), fileName: 'CONTRACT.pdf', owner: 'CONTRACT', ownerId: contractId });
    expect(onContract.every((a: { owner: string; ownerId: string }) => a.owner === 'CONTRACT' && a.ownerId === contractId)).toBe(true);
    // The case lists its own files and those of its assessments, plans and contracts.
    const onCase = (await api.ok(CASE_FILES, { id: gid('Case', c.id) }, plovdiv)).node.attachments as { id: string; owner: string }[];
    expect(onCase.filter((a) => [...ids.values()].includes(a.id)).map((a) => a.owner).sort()).toEqual(['ASSESSMENT', 'CASE', 'CONTRACT', 'SUPPORT_PLAN']);

    // The assessment, the plan's version and the consent each list their own files, and only those.
    const OWN_FILES = `query($id: ID!) { node(id: $id) { ... on Assessment { attachments { id owner ownerId } } ... on SupportPlan { attachments { id owner ownerId } } ... on Consent { attachments { id owner ownerId } } } }`;
    for (const [kind, owner] of owners.filter(([k]) => k === 'ASSESSMENT' || k === 'SUPPORT_PLAN' || k === 'CONSENT')) {
      const own = (await api.ok(OWN_FILES, { id: owner }, plovdiv)).node.attachments as { id: string; owner: string; ownerId: string }[];
      expect(own, kind).toContainEqual({ id: ids.get(kind), owner: kind, ownerId: owner });
      expect(own.every((a) => a.owner === kind && a.ownerId === owner), kind).toBe(true);
      expect((await api.gql(OWN_FILES, { id: owner }, kazanlak)).data?.node ?? null, kind).toBeNull();
    }

    // Another center: the contract is not there to upload to or to list; a worker off the case team may not add to it.
    expect((await upload(contractId, kazanlak, PDF, 'x.pdf')).status).toBe(404);
    expect((await api.gql(CONTRACT_FILES, { id: contractId }, kazanlak)).data?.node ?? null).toBeNull();
    expect((await upload(contractId, await api.login(DEMO.plovdivWorker), PDF, 'x.pdf')).status).toBe(403);

    // The database holds one owner per file, the contract included.
    await expect(
      sqlAsOwner(api.db, `UPDATE "Attachment" SET "caseId" = $2::uuid WHERE id = $1::uuid`, uuidOf(ids.get('CONTRACT')!), c.id),
    ).rejects.toThrow(/attachment_one_owner/);
  });
});

describe('refusals: nothing stored, a clear message in both languages', () => {
  test('an HTML page named .pdf is refused by its content', async () => {
    const before = await countFiles();
    const bg = await upload(plovdivCase.id, plovdiv, HTML, 'Оценка.pdf', 'bg');
    const en = await upload(plovdivCase.id, plovdiv, HTML, 'assessment.pdf', 'en');
    expect([bg.status, en.status]).toEqual([400, 400]);
    const bgError = ((await bg.json()) as { errors: { message: string; extensions: Record<string, string> }[] }).errors[0]!;
    const enError = ((await en.json()) as { errors: { message: string }[] }).errors[0]!;
    expect(bgError.message).toMatch(/не е приет.*PDF/);
    expect(bgError.extensions.messageEn).toMatch(/refused.*PDF/);
    expect(enError.message).toMatch(/refused/);
    expect(await countFiles()).toBe(before);
  });

  test('a file over the center’s size limit is refused (413), and so is one past the count per record', async () => {
    const limits = await api.ok(LIMITS, { maxBytes: 2048, maxPerRecord: 2 }, plovdiv);
    expect(limits.setAttachmentLimits).toEqual({ attachmentMaxBytes: 2048, attachmentMaxPerRecord: 2 });
    const before = await countFiles();
    const big = Buffer.concat([PDF, Buffer.alloc(3000, 0x20)]);
    const res = await upload(plovdivCase.child.id, plovdiv, big, 'big.pdf');
    expect(res.status).toBe(413);
    const error = ((await res.json()) as { errors: { message: string; extensions: Record<string, string> }[] }).errors[0]!;
    expect(error.message).toMatch(/повече от 2\.0 KB/);
    expect(error.extensions.messageEn).toMatch(/more than the 2\.0 KB/);
    expect(await countFiles()).toBe(before);

    // The count: two on the client, the third refused.
    expect((await upload(plovdivCase.child.id, plovdiv, PDF, 'a.pdf')).status).toBe(201);
    expect((await upload(plovdivCase.child.id, plovdiv, PDF, 'b.pdf')).status).toBe(201);
    const third = await upload(plovdivCase.child.id, plovdiv, PDF, 'c.pdf');
    expect(third.status).toBe(400);
    expect(((await third.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/вече има 2 файла/);
    // Only the manager sets the limits, and never above the deployment's ceiling.
    const worker = await api.login(DEMO.plovdivWorker);
    expect((await api.gql(LIMITS, { maxBytes: 4096, maxPerRecord: 5 }, worker)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(LIMITS, { maxBytes: 2 * 1024 * 1024 * 1024 - 1, maxPerRecord: 5 }, plovdiv)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('the session cookie alone (no CSRF header) cannot upload', async () => {
    const res = await fetch(`${api.url}/files?owner=${encodeURIComponent(plovdivCase.id)}`, {
      method: 'POST',
      headers: { cookie: `opora_session=${plovdiv}`, 'content-type': 'application/octet-stream' },
      body: PDF,
    });
    expect(res.status).toBe(400);
  });
});
