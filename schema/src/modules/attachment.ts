import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { setting } from '@opora/common/config';
import type { Prisma } from '@opora/prisma/client';
import type { Context } from '../context.ts';
import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { attachmentOwnerAnswer, isCenterManager, isCenterStaff, isOwnCenterStaff, mayVoidAttachment } from '../permissions/rules.ts';
import { DATABASE_CONTENTS, type AttachmentContents } from '../support/attachment-content.ts';
import { ATTACHMENT_OWNERS, findOwner, OWNER_COLUMNS, OWNER_SELECT, ownerOfAttachment, type OwnerType } from '../support/attachment-owners.ts';
import { forbidden, invalidFields, notFound, oporaError, unauthenticated } from '../support/errors.ts';
import { decodeId, encodeId, idOf } from '../support/global-id.ts';
import { intRange, text } from '../support/validation.ts';
import { CENTER_ROLES, requireCenter } from '../support/viewer.ts';
import { labelled } from './enums.ts';
import { missingAnswer } from '../support/restriction.ts';

// Files kept with a record (issue 16): scanned papers, photos from a phone, documents. Uploaded
// and downloaded over plain HTTP (server/src/file-transfers.ts calls `uploadAttachment` and
// `downloadAttachment` here, in the request's tenant transaction); listed, voided and erased
// through GraphQL. Never deleted: a voided file keeps its record and content; an erased one
// keeps its record (who, when, why) and loses its content.

/** What is accepted, by the type read from the content: documents and images only. */
export const ACCEPTED_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/webp': 'webp',
  'image/tiff': 'tif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};

/** The deployment's ceiling for one file (a center may set less, never more). */
export const fileMaxBytesCap = () => setting('OPORA_FILE_MAX_BYTES');

const AttachmentOwnerEnum = labelled('AttachmentOwner', Object.values(ATTACHMENT_OWNERS).map((o) => o.kind));

/** A name safe to offer in a download: no path, no control or bidi characters, no characters file systems refuse; the extension is the content's. */
export function sanitizeFileName(raw: string, extension: string): string {
  const base = raw
    .normalize('NFC')
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff<>:"|?*\\/]/g, '_')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/^[.\s_]+|[.\s]+$/g, '')
    .slice(0, 150)
    .trim();
  return `${base || 'document'}.${extension}`;
}

export const AttachmentRef = builder.prismaNode('Attachment', {
  id: { field: 'id' },
  nullable: true,
  description: 'A file kept with a record: its name, the type read from its content, who added it and when; voided (kept, with the reason) or erased (content removed, the record kept).',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    mediaType: t.exposeString('mediaType', { description: 'The type read from the content, never from the name.' }),
    byteSize: t.exposeInt('byteSize'),
    sha256: t.exposeString('sha256'),
    owner: t.field({
      type: AttachmentOwnerEnum,
      description: 'The kind of record the file belongs to.',
      resolve: (a) => ATTACHMENT_OWNERS[ownerTypeOf(a)].kind,
    }),
    ownerId: t.id({ description: 'The global id of the record the file belongs to.', resolve: (a) => encodeId(ownerTypeOf(a), ownerIdOf(a)) }),
    uploadedBy: t.relation('uploadedBy', { nullable: true }),
    uploadedAt: t.expose('uploadedAt', { type: 'DateTime' }),
    voidedAt: t.expose('voidedAt', { type: 'DateTime', nullable: true }),
    voidedBy: t.relation('voidedBy', { nullable: true }),
    voidReason: t.exposeString('voidReason', { nullable: true }),
    erasedAt: t.expose('erasedAt', { type: 'DateTime', nullable: true, description: 'When the content was erased (the record stays).' }),
    erasedBy: t.relation('erasedBy', { nullable: true }),
    erasureReason: t.exposeString('erasureReason', { nullable: true }),
    downloadPath: t.string({
      nullable: true,
      description: 'GET this path (signed in, with the apollo-require-preflight header) for the content, always as an attachment. Null once erased.',
      resolve: (a) => (a.erasedAt ? null : `/files/${encodeId('Attachment', a.id)}`),
    }),
  }),
});

type OwnerColumns = { [K in (typeof OWNER_COLUMNS)[number]]: string | null };
function ownerTypeOf(a: OwnerColumns): OwnerType {
  const entry = (Object.entries(ATTACHMENT_OWNERS) as [OwnerType, { column: keyof OwnerColumns }][]).find(([, o]) => a[o.column]);
  if (!entry) throw new Error('an attachment without an owner');
  return entry[0];
}
function ownerIdOf(a: OwnerColumns): string {
  return a[ATTACHMENT_OWNERS[ownerTypeOf(a)].column]!;
}

const NEWEST_FIRST: Prisma.AttachmentOrderByWithRelationInput[] = [{ uploadedAt: 'desc' }, { id: 'desc' }];

builder.prismaObjectField('Case', 'attachments', (t) =>
  t.prismaField({
    type: ['Attachment'],
    description: 'Files kept with the case, its assessments, support plans and contracts, newest first (voided and erased ones included, marked so).',
    resolve: async (query, c, _args, ctx) => {
      // The case's records first, then the files by their own indexed columns: a filter through the
      // relations becomes LEFT JOINs over every file of the center (each row under row-level
      // security), hundreds of times slower on PostgreSQL.
      const byCase = { where: { centerId: c.centerId, caseId: c.id }, select: { id: true } } as const;
      const [assessments, plans, contracts] = await Promise.all([
        ctx.db.assessment.findMany(byCase),
        ctx.db.supportPlan.findMany(byCase),
        ctx.db.contract.findMany(byCase),
      ]);
      const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
      return ctx.db.attachment.findMany({
        ...query,
        where: {
          centerId: c.centerId,
          OR: [
            { caseId: c.id },
            ...(assessments.length ? [{ assessmentId: { in: ids(assessments) } }] : []),
            ...(plans.length ? [{ supportPlanId: { in: ids(plans) } }] : []),
            ...(contracts.length ? [{ contractId: { in: ids(contracts) } }] : []),
          ],
        },
        orderBy: NEWEST_FIRST,
      });
    },
  }),
);

builder.prismaObjectField('Contract', 'attachments', (t) =>
  t.prismaField({
    type: ['Attachment'],
    description: 'Files kept with the contract (the signed copy, its annexes), newest first (voided and erased ones included, marked so).',
    resolve: (query, k, _args, ctx) => ctx.db.attachment.findMany({ ...query, where: { centerId: k.centerId, contractId: k.id }, orderBy: NEWEST_FIRST }),
  }),
);

// The ИОП, the ИПП (each version its own) and a consent: their own files only. Reading them is a
// read of the record (the types' own rule, isCenterStaff, and the person-read audit).
builder.prismaObjectField('Assessment', 'attachments', (t) =>
  t.prismaField({
    type: ['Attachment'],
    description: 'Files kept with the needs assessment (ИОП; its signed copy, papers it used), newest first (voided and erased ones included, marked so).',
    resolve: (query, a, _args, ctx) => ctx.db.attachment.findMany({ ...query, where: { centerId: a.centerId, assessmentId: a.id }, orderBy: NEWEST_FIRST }),
  }),
);

builder.prismaObjectField('SupportPlan', 'attachments', (t) =>
  t.prismaField({
    type: ['Attachment'],
    description: 'Files kept with this version of the support plan (ИПП; its signed copy), newest first (voided and erased ones included, marked so).',
    resolve: (query, p, _args, ctx) => ctx.db.attachment.findMany({ ...query, where: { centerId: p.centerId, supportPlanId: p.id }, orderBy: NEWEST_FIRST }),
  }),
);

builder.prismaObjectField('Consent', 'attachments', (t) =>
  t.prismaField({
    type: ['Attachment'],
    description: 'Files kept with the consent (the signed declaration), newest first (voided and erased ones included, marked so).',
    resolve: (query, c, _args, ctx) => ctx.db.attachment.findMany({ ...query, where: { centerId: c.centerId, consentId: c.id }, orderBy: NEWEST_FIRST }),
  }),
);

builder.prismaObjectField('Client', 'attachments', (t) =>
  t.prismaField({
    type: ['Attachment'],
    description: 'Files kept with the person and their consents, newest first (voided and erased ones included, marked so).',
    resolve: async (query, client, _args, ctx) => {
      // Consents first, then the files by their own columns (see Case.attachments: no relation filter).
      const consents = await ctx.db.consent.findMany({ where: { centerId: client.centerId, clientId: client.id }, select: { id: true } });
      return ctx.db.attachment.findMany({
        ...query,
        where: { centerId: client.centerId, OR: [{ clientId: client.id }, ...(consents.length ? [{ consentId: { in: consents.map((c) => c.id) } }] : [])] },
        orderBy: NEWEST_FIRST,
      });
    },
  }),
);

builder.prismaObjectFields('Center', (t) => ({
  attachmentMaxBytes: t.exposeInt('attachmentMaxBytes', { description: 'Largest file this center accepts, in bytes.' }),
  attachmentMaxPerRecord: t.exposeInt('attachmentMaxPerRecord', { description: 'Most files (not voided) one record may carry.' }),
  attachmentMaxBytesCap: t.int({ description: 'The deployment’s ceiling for one file, in bytes (the center’s limit cannot exceed it).', resolve: () => fileMaxBytesCap() }),
}));

const reason = text(500);

builder.mutationFields((t) => ({
  voidAttachment: t.prismaField({
    type: 'Attachment',
    description: 'Void a file added by mistake or no longer relevant: it stays listed and downloadable, marked voided with the reason, and no longer counts towards the record’s limit. Never a silent delete.',
    args: { id: t.arg.id(), reason: t.arg.string({ validate: reason }) },
    resolve: async (query, _root, args, ctx) => {
      const { membershipId } = requireCenter(ctx);
      const id = idOf(args.id, 'Attachment');
      const found = id ? await ctx.db.attachment.findFirst({ where: { id }, select: { id: true, voidedAt: true, ...OWNER_SELECT } }) : null;
      if (!found) throw await missingAnswer(ctx, id);
      if (found.voidedAt) throw oporaError('INVALID_TRANSITION', 'fileAlreadyVoided', ctx.locale);
      await ctx.db.attachment.update({ where: { id: found.id }, data: { voidedAt: new Date(), voidedById: membershipId, voidReason: args.reason }, select: { id: true } });
      const owner = ownerTypeOf(found);
      ctx.audit.record('UPDATE', 'Attachment', found.id, { voided: true, reason: args.reason, owner, ownerId: ownerIdOf(found) });
      return ctx.db.attachment.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),
  eraseAttachment: t.prismaField({
    type: 'Attachment',
    description: 'Erase a file’s content for a lawful reason (the manager only): the content is removed for good; the record that the file existed stays, with who erased it, when and why.',
    args: { id: t.arg.id(), reason: t.arg.string({ validate: reason }) },
    resolve: async (query, _root, args, ctx) => {
      const { membershipId } = requireCenter(ctx);
      const id = idOf(args.id, 'Attachment');
      const found = id
        ? await ctx.db.attachment.findFirst({ where: { id }, select: { id: true, centerId: true, storage: true, objectKey: true, erasedAt: true, ...OWNER_SELECT } })
        : null;
      if (!found) throw await missingAnswer(ctx, id);
      if (found.erasedAt) throw oporaError('INVALID_TRANSITION', 'fileAlreadyErased', ctx.locale);
      await ctx.db.attachment.update({ where: { id: found.id }, data: { erasedAt: new Date(), erasedById: membershipId, erasureReason: args.reason }, select: { id: true } });
      // Last: an object in the object store cannot come back with a rollback.
      await contentsOf(ctx).remove(ctx.db, found);
      ctx.audit.record('DELETE', 'Attachment', found.id, { erased: 'content', reason: args.reason, owner: ownerTypeOf(found), ownerId: ownerIdOf(found) });
      return ctx.db.attachment.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),
  setAttachmentLimits: t.prismaField({
    type: 'Center',
    description: 'The active center’s limits for files: the largest file (bytes, at most the deployment’s ceiling) and the most files per record.',
    args: {
      maxBytes: t.arg.int({ validate: intRange(1024, 1024 * 1024 * 1024) }),
      maxPerRecord: t.arg.int({ validate: intRange(1, 1000) }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const cap = fileMaxBytesCap();
      if (args.maxBytes > cap) throw invalidFields(ctx.locale, [{ path: 'maxBytes', messageKey: 'tooBig', params: { max: cap } }]);
      await ctx.db.center.update({ where: { id: centerId }, data: { attachmentMaxBytes: args.maxBytes, attachmentMaxPerRecord: args.maxPerRecord } });
      ctx.audit.record('UPDATE', 'Center', centerId, { attachmentMaxBytes: args.maxBytes, attachmentMaxPerRecord: args.maxPerRecord });
      return ctx.db.center.findUniqueOrThrow({ ...query, where: { id: centerId } });
    },
  }),
}));

function contentsOf(ctx: Context): AttachmentContents {
  return ctx.files ?? DATABASE_CONTENTS;
}

// ── Upload and download (called by the server's /files endpoints) ─────────────────────────

export type UploadedAttachment = { id: string; fileName: string; mediaType: string; byteSize: number };

/** Human sizes for messages: "12.5 MB" (1 MB = 1024 KB, as the settings screen counts them). */
export function sizeWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** The center's limits (the server reads them before it reads a body, to bound it). */
export async function attachmentLimits(ctx: Context): Promise<{ maxBytes: number; maxPerRecord: number }> {
  const staff = staffAnswer(ctx);
  if (staff !== true) throw staff;
  const center = await ctx.db.center.findUniqueOrThrow({ where: { id: ctx.viewer!.membership!.centerId! }, select: { attachmentMaxBytes: true, attachmentMaxPerRecord: true } });
  return { maxBytes: Math.min(center.attachmentMaxBytes, fileMaxBytesCap()), maxPerRecord: center.attachmentMaxPerRecord };
}

/**
 * Stores a file on a record: the owner must exist in the active center and the viewer may add
 * files to it; the type is read from the content (documents and images only); the center's
 * limits hold. Any refusal throws before anything is written.
 */
export async function uploadAttachment(ctx: Context, input: { ownerId: string; fileName: string; bytes: Uint8Array }): Promise<UploadedAttachment> {
  const { centerId, membershipId } = requireCenter(ctx);
  const owner = await findOwner(ctx.db, input.ownerId);
  const allowed = await attachmentOwnerAnswer(ctx, owner);
  if (allowed !== true) throw allowed;
  const limits = await attachmentLimits(ctx);
  if (input.bytes.length === 0) throw oporaError('BAD_USER_INPUT', 'fileEmpty', ctx.locale);
  if (input.bytes.length > limits.maxBytes) {
    throw oporaError('BAD_USER_INPUT', 'fileTooLarge', ctx.locale, { size: sizeWords(input.bytes.length), max: sizeWords(limits.maxBytes) });
  }
  const detected = await fileTypeFromBuffer(input.bytes);
  const extension = detected ? ACCEPTED_TYPES[detected.mime] : undefined;
  if (!detected || !extension) throw oporaError('BAD_USER_INPUT', 'fileTypeRefused', ctx.locale, {}, { detected: detected?.mime ?? null });
  const column = ATTACHMENT_OWNERS[owner!.type].column;
  const count = await ctx.db.attachment.count({ where: { [column]: owner!.id, voidedAt: null } });
  if (count >= limits.maxPerRecord) throw oporaError('BAD_USER_INPUT', 'tooManyFiles', ctx.locale, { max: limits.maxPerRecord });

  const fileName = sanitizeFileName(input.fileName, extension);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const contents = contentsOf(ctx);
  // The object store (when used) gets the bytes first: its random key is then part of the row.
  const id = crypto.randomUUID();
  const stored = contents.target === 'OBJECT_STORE' ? await contents.put(ctx.db, { id, centerId }, input.bytes, detected.mime) : null;
  await ctx.db.attachment.create({
    data: {
      id,
      centerId,
      [column]: owner!.id,
      fileName,
      mediaType: detected.mime,
      byteSize: input.bytes.length,
      sha256,
      storage: stored?.storage ?? 'DATABASE',
      objectKey: stored?.objectKey ?? null,
      uploadedById: membershipId,
    } as Prisma.AttachmentUncheckedCreateInput,
    select: { id: true },
  });
  if (!stored) await contents.put(ctx.db, { id, centerId }, input.bytes, detected.mime);
  ctx.audit.record('CREATE', 'Attachment', id, { owner: owner!.type, ownerId: owner!.id, fileName, mediaType: detected.mime, byteSize: input.bytes.length, sha256 });
  return { id: encodeId('Attachment', id), fileName, mediaType: detected.mime, byteSize: input.bytes.length };
}

/**
 * A file's content for download, an audited read of the file and of the record (the person)
 * it belongs to. Another center's file, an unknown id and a malformed one all read as NOT_FOUND.
 */
export async function downloadAttachment(ctx: Context, idText: string): Promise<{ fileName: string; mediaType: string; bytes: Uint8Array }> {
  const staff = staffAnswer(ctx);
  if (staff !== true) throw staff;
  const id = decodeId(idText).typename === 'Attachment' ? decodeId(idText).id : null;
  const found = id
    ? await ctx.db.attachment.findFirst({
        where: { id },
        select: { id: true, centerId: true, fileName: true, mediaType: true, storage: true, objectKey: true, erasedAt: true, ...OWNER_SELECT },
      })
    : null;
  if (!found) throw await missingAnswer(ctx, id);
  if (found.erasedAt) throw oporaError('NOT_FOUND', 'fileErased', ctx.locale, {}, { erased: true });
  const bytes = await contentsOf(ctx).get(ctx.db, found);
  if (!bytes) throw oporaError('NOT_FOUND', 'fileErased', ctx.locale, {}, { erased: true });
  const owner = await ownerOfAttachment(ctx.db, found);
  ctx.audit.record('READ', 'Attachment', found.id, { download: true, owner: owner?.type ?? null, ownerId: owner?.id ?? null });
  if (owner) ctx.audit.read(owner.type, owner.id);
  return { fileName: found.fileName, mediaType: found.mediaType, bytes };
}

function staffAnswer(ctx: Context) {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  return m?.centerId && CENTER_ROLES.has(m.role) ? true : forbidden(ctx.locale);
}

definePermissions({
  Mutation: { voidAttachment: mayVoidAttachment, eraseAttachment: isCenterManager, setAttachmentLimits: isCenterManager },
  Attachment: isCenterStaff,
  Center: { attachmentMaxBytes: isOwnCenterStaff, attachmentMaxPerRecord: isOwnCenterStaff, attachmentMaxBytesCap: isOwnCenterStaff },
});
