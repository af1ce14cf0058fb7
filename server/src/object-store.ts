import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { setting } from '@opora/common/config';
import { attachmentContents, type AttachmentContents, type ObjectStore } from '@opora/schema';

// The optional S3-compatible object store for attachments' content (OPORA_FILE_STORE=s3). Keys
// are 256 random bits (nothing in them names a center, a person or a file), so a key is never
// guessable; who may fetch which file is decided by the metadata row under row-level security,
// and only the server holds the store's credentials.

export type S3Settings = { endpoint?: string | undefined; region: string; bucket: string; accessKeyId?: string | undefined; secretAccessKey?: string | undefined };

export function s3ObjectStore(s: S3Settings): ObjectStore & { client: S3Client; bucket: string; ensureBucket(): Promise<void> } {
  const client = new S3Client({
    region: s.region,
    // Checksums only where the API requires them: S3-compatible servers other than AWS often
    // reject the newer default (a streaming checksum trailer).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(s.endpoint ? { endpoint: s.endpoint, forcePathStyle: true } : {}),
    ...(s.accessKeyId && s.secretAccessKey ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } } : {}),
  });
  return {
    client,
    bucket: s.bucket,
    /** Creates the bucket when it does not exist yet (a fresh local store). */
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: s.bucket }));
      } catch {
        await client.send(new CreateBucketCommand({ Bucket: s.bucket }));
      }
    },
    async put(bytes, mediaType) {
      const key = `attachments/${randomBytes(32).toString('base64url')}`;
      await client.send(new PutObjectCommand({ Bucket: s.bucket, Key: key, Body: bytes, ContentType: mediaType, ContentLength: bytes.length }));
      return key;
    },
    async get(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key }));
        return answer.Body ? await answer.Body.transformToByteArray() : null;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key }));
    },
  };
}

/** The object store the configuration names (OPORA_S3_*), or null when no bucket is set. */
export function configuredObjectStore(env?: Record<string, string | undefined>): ReturnType<typeof s3ObjectStore> | null {
  const bucket = setting('OPORA_S3_BUCKET', env);
  if (!bucket) return null;
  return s3ObjectStore({
    endpoint: setting('OPORA_S3_ENDPOINT', env),
    region: setting('OPORA_S3_REGION', env),
    bucket,
    accessKeyId: setting('OPORA_S3_ACCESS_KEY_ID', env),
    secretAccessKey: setting('OPORA_S3_SECRET_ACCESS_KEY', env),
  });
}

/**
 * The deployment's attachment contents: new files to the object store with OPORA_FILE_STORE=s3,
 * else to the database; files already in the object store stay readable whenever a bucket is set.
 */
export function configuredAttachmentContents(env?: Record<string, string | undefined>): AttachmentContents {
  const store = setting('OPORA_FILE_STORE', env);
  const objects = configuredObjectStore(env);
  if (store === 's3' && !objects) throw new Error('OPORA_FILE_STORE=s3 needs OPORA_S3_BUCKET (and the store\'s endpoint and keys)');
  if (store === 's3') return attachmentContents(objects);
  // The database for new files; the object store (if configured) still serves files moved there.
  const reader = attachmentContents(objects);
  const database = attachmentContents(null);
  return { target: 'DATABASE', put: database.put, get: reader.get, remove: reader.remove };
}
