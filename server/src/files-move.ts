import type { PrismaClient } from '@opora/prisma/client';
import type { ObjectStore } from '@opora/schema';

// `pnpm files:move --to s3|database`: moves attachments' content between PostgreSQL and the
// object store, one file at a time, as the database owner (a maintenance command like the
// migrations; it runs beside no server on PGlite, whose data directory one process owns).
// Each file's row changes in its own transaction, and its old copy is removed only after that
// commits: a move stopped half-way leaves every file readable where its row says it is, and
// running it again finishes the rest. Erased files have no content and stay as they are.

export type MoveResult = { moved: number; bytes: number };

export async function moveAttachments(prisma: PrismaClient, objects: ObjectStore, to: 'database' | 's3', log: (line: string) => void = () => undefined): Promise<MoveResult> {
  const from = to === 's3' ? 'DATABASE' : 'OBJECT_STORE';
  let moved = 0;
  let bytes = 0;
  for (;;) {
    const next = await prisma.attachment.findFirst({
      where: { storage: from, erasedAt: null },
      select: { id: true, centerId: true, mediaType: true, objectKey: true, byteSize: true },
      orderBy: { id: 'asc' },
    });
    if (!next) break;
    if (to === 's3') {
      const row = await prisma.attachmentContent.findUnique({ where: { attachmentId: next.id }, select: { content: true } });
      if (!row) throw new Error(`attachment ${next.id} is kept in the database but its content is missing`);
      const key = await objects.put(new Uint8Array(row.content), next.mediaType);
      await prisma.$transaction([
        prisma.attachment.update({ where: { id: next.id }, data: { storage: 'OBJECT_STORE', objectKey: key }, select: { id: true } }),
        prisma.attachmentContent.delete({ where: { attachmentId: next.id }, select: { attachmentId: true } }),
      ]);
    } else {
      const content = next.objectKey ? await objects.get(next.objectKey) : null;
      if (!content) throw new Error(`attachment ${next.id} is kept in the object store but its object is missing`);
      await prisma.$transaction([
        prisma.attachmentContent.create({ data: { attachmentId: next.id, centerId: next.centerId, content: new Uint8Array(content) }, select: { attachmentId: true } }),
        prisma.attachment.update({ where: { id: next.id }, data: { storage: 'DATABASE', objectKey: null }, select: { id: true } }),
      ]);
      await objects.remove(next.objectKey!);
    }
    moved++;
    bytes += next.byteSize;
    if (moved % 100 === 0) log(`${moved} files moved`);
  }
  return { moved, bytes };
}
