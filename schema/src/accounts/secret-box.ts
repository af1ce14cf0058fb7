import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setting } from '@opora/common/config';
import { secretKeyFile } from '@opora/prisma/database-config';

// A second-factor secret is the one thing the server must read back in clear, so it is kept
// sealed (AES-256-GCM, node:crypto) under a key that is not in the database: a database dump or
// backup alone does not give anyone the codes. The user's id is the associated data, so a sealed
// secret copied onto another user's row does not open. Stored form: `v1:<iv>:<sealed+tag>`
// (base64). A row written before sealing (plain base32) is still read, and sealed on its next use.

const VERSION = 'v1';
let cachedKey: Buffer | undefined;

/** OPORA_SECRET_KEY, else the key file beside the data, made at first use (mode 0600). */
function key(): Buffer {
  if (cachedKey) return cachedKey;
  const configured = setting('OPORA_SECRET_KEY');
  if (configured) return (cachedKey = Buffer.from(configured, 'base64'));
  try {
    cachedKey = Buffer.from(readFileSync(secretKeyFile, 'utf8').trim(), 'base64');
  } catch {
    mkdirSync(path.dirname(secretKeyFile), { recursive: true });
    try {
      // `wx`: two processes starting together keep one key (the loser reads the winner's).
      writeFileSync(secretKeyFile, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    cachedKey = Buffer.from(readFileSync(secretKeyFile, 'utf8').trim(), 'base64');
  }
  if (cachedKey.length !== 32) throw new Error(`${secretKeyFile} does not hold a 32-byte base64 key`);
  return cachedKey;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}:`);
}

export function sealSecret(userId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(userId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}:${iv.toString('base64')}:${sealed.toString('base64')}`;
}

/** The secret in clear; null when it does not open (another key, another user's row, tampered). */
export function openSecret(userId: string, stored: string): string | null {
  if (!isSealed(stored)) return stored;
  const [, ivText, sealedText] = stored.split(':');
  try {
    const sealed = Buffer.from(sealedText ?? '', 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(ivText ?? '', 'base64'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
