import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attachmentContents } from '@opora/schema';
import { s3ObjectStore } from '@opora/server/object-store.ts';
import { moveAttachments } from '@opora/server/files-move.ts';
import { DEMO, TestApi } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// The optional object store, against a local S3-compatible server (@20minutes/s3rver, a kept
// fork of s3rver): new files go there under a random key with the metadata still in PostgreSQL,
// downloads and erasure reach it, and `files:move` moves content to the database and back.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

let s3: InstanceType<typeof S3rver>;
let dir: string;
let objects: ReturnType<typeof s3ObjectStore>;
let api: TestApi;
let token: string;
let caseId: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opora-s3-'));
  // The fake server's own SigV4 check disagrees with the current SDK's signing; signatures are
  // the real store's business, not what this test is about.
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, allowMismatchedSignatures: true });
  const address = (await s3.run()) as AddressInfo;
  objects = s3ObjectStore({ endpoint: `http://127.0.0.1:${address.port}`, region: 'us-east-1', bucket: 'opora-files', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
  await objects.ensureBucket();
  api = await TestApi.start({ files: attachmentContents(objects) });
  token = await api.login(DEMO.plovdivManager);
  const { cases } = await api.ok(`{ cases(first: 1) { edges { node { id } } } }`, {}, token);
  caseId = cases.edges[0].node.id;
});

afterAll(async () => {
  await api?.stop();
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const exists = async (key: string) => (await objects.get(key)) !== null;

async function upload(name: string): Promise<string> {
  const res = await fetch(`${api.url}/files?owner=${encodeURIComponent(caseId)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-file-name': encodeURIComponent(name) },
    body: PDF,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { attachment: { id: string } }).attachment.id;
}

async function downloaded(id: string): Promise<Buffer> {
  const res = await fetch(`${api.url}/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const rowOf = async (id: string) =>
  (
    await sqlAsOwner<{ storage: string; objectKey: string | null; content: number }>(
      api.db,
      `SELECT storage::text, "objectKey", (SELECT count(*)::int FROM "AttachmentContent" c WHERE c."attachmentId" = a.id) AS content FROM "Attachment" a WHERE id = $1::uuid`,
      uuidOf(id),
    )
  )[0]!;

describe('the S3-compatible object store', () => {
  test('a new file goes to the store under a random key (no content in the database), and downloads the same bytes', async () => {
    const id = await upload('scan.pdf');
    const row = await rowOf(id);
    expect(row.storage).toBe('OBJECT_STORE');
    expect(row.content).toBe(0);
    // 256 random bits; nothing of the center, the case or the file's name in it.
    expect(row.objectKey).toMatch(/^attachments\/[A-Za-z0-9_-]{43}$/);
    expect(row.objectKey).not.toContain(uuidOf(id));
    expect(await exists(row.objectKey!)).toBe(true);
    expect((await downloaded(id)).equals(PDF)).toBe(true);
  });

  test('erasing removes the object; the record stays', async () => {
    const id = await upload('to-erase.pdf');
    const { objectKey } = await rowOf(id);
    await api.ok(`mutation($id: ID!) { eraseAttachment(id: $id, reason: "Искане по чл. 17 ОРЗД") { id erasedAt } }`, { id }, token);
    expect(await exists(objectKey!)).toBe(false);
    const [row] = await sqlAsOwner<{ erased: boolean }>(api.db, `SELECT "erasedAt" IS NOT NULL AS erased FROM "Attachment" WHERE id = $1::uuid`, uuidOf(id));
    expect(row!.erased).toBe(true);
  });

  test('files:move takes every file to the database and back, readable all along', async () => {
    const id = await upload('moved.pdf');
    const { objectKey } = await rowOf(id);
    const toDatabase = await moveAttachments(api.db.prisma, objects, 'database');
    expect(toDatabase.moved).toBeGreaterThanOrEqual(2);
    expect(await rowOf(id)).toEqual({ storage: 'DATABASE', objectKey: null, content: 1 });
    expect(await exists(objectKey!)).toBe(false);
    expect((await downloaded(id)).equals(PDF)).toBe(true);

    const toStore = await moveAttachments(api.db.prisma, objects, 's3');
    // Every file now in the database goes (the demo's scanned papers included).
    expect(toStore.moved).toBeGreaterThanOrEqual(toDatabase.moved);
    const back = await rowOf(id);
    expect(back).toMatchObject({ storage: 'OBJECT_STORE', content: 0 });
    expect(await exists(back.objectKey!)).toBe(true);
    expect((await downloaded(id)).equals(PDF)).toBe(true);
    // Nothing left to move.
    expect((await moveAttachments(api.db.prisma, objects, 's3')).moved).toBe(0);
    // Every scanned paper of the demo (about 2,900 files) goes there and back one by one: minutes on a busy machine.
  }, 600_000);
});
