import type { TenantTx } from '@opora/prisma/tenant';

// Where an attachment's bytes live. The metadata is always a row of "Attachment" under
// row-level security; the content is either a row of "AttachmentContent" (the default: the
// same transaction, the same RLS, in every backup) or an object in an S3-compatible store under
// a random key (server/src/object-store.ts). Every read and write goes through the request's
// transaction first, so another center's attachment is never found to begin with.

export type StoredAt = { storage: 'DATABASE' | 'OBJECT_STORE'; objectKey: string | null };
export type AttachmentAddress = StoredAt & { id: string; centerId: string };

/** An object store: put under a new random key, get, remove. */
export interface ObjectStore {
  put(bytes: Uint8Array, mediaType: string): Promise<string>;
  get(key: string): Promise<Uint8Array | null>;
  remove(key: string): Promise<void>;
}

/** The content of attachments, wherever each one is kept. */
export interface AttachmentContents {
  /** Where new files go. */
  readonly target: StoredAt['storage'];
  put(db: TenantTx, attachment: { id: string; centerId: string }, bytes: Uint8Array, mediaType: string): Promise<StoredAt>;
  get(db: TenantTx, attachment: AttachmentAddress): Promise<Uint8Array | null>;
  remove(db: TenantTx, attachment: AttachmentAddress): Promise<void>;
}

export class ObjectStoreMissing extends Error {
  constructor() {
    super('an attachment is kept in the object store, and no object store is configured (OPORA_FILE_STORE, OPORA_S3_*)');
  }
}

/**
 * The content store of a deployment: new files go to the object store when one is given, else
 * to the database; existing files are read from wherever they are (a move may be half done).
 */
export function attachmentContents(objects: ObjectStore | null): AttachmentContents {
  return {
    target: objects ? 'OBJECT_STORE' : 'DATABASE',
    async put(db, attachment, bytes, mediaType) {
      if (objects) return { storage: 'OBJECT_STORE', objectKey: await objects.put(bytes, mediaType) };
      await db.attachmentContent.create({ data: { attachmentId: attachment.id, centerId: attachment.centerId, content: new Uint8Array(bytes) }, select: { attachmentId: true } });
      return { storage: 'DATABASE', objectKey: null };
    },
    async get(db, attachment) {
      if (attachment.storage === 'DATABASE') {
        const row = await db.attachmentContent.findFirst({ where: { attachmentId: attachment.id, centerId: attachment.centerId }, select: { content: true } });
        return row ? new Uint8Array(row.content) : null;
      }
      if (!objects) throw new ObjectStoreMissing();
      return attachment.objectKey ? objects.get(attachment.objectKey) : null;
    },
    async remove(db, attachment) {
      await db.attachmentContent.deleteMany({ where: { attachmentId: attachment.id, centerId: attachment.centerId } });
      if (attachment.storage === 'OBJECT_STORE' && attachment.objectKey) {
        if (!objects) throw new ObjectStoreMissing();
        await objects.remove(attachment.objectKey);
      }
    },
  };
}

/** The database-only store (the embedded default). */
export const DATABASE_CONTENTS = attachmentContents(null);
