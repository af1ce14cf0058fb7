import { availableParallelism } from 'node:os';
import { PASSWORD_HASHING } from '@opora/common/password-hashing';
import argon2 from 'argon2';

// argon2id (OWASP's first choice). Unknown emails are verified against a dummy hash so a
// wrong email and a wrong password take the same time.
let dummyHash: Promise<string> | undefined;

// At most (cores − 1) hashes at once (at least one): a flood of sign-ins waits its turn here,
// holding no database connection, instead of taking every core from the requests being served.
const HASHES_AT_ONCE = Math.max(1, availableParallelism() - 1);
let hashing = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= HASHES_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next(); // the turn passes on: `hashing` stays the same
    else hashing--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(password, PASSWORD_HASHING));
}

/** Whether a stored hash was made with other costs than today's (made anew at sign-in). */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, PASSWORD_HASHING);
  } catch {
    return false;
  }
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  const target = hash && hash.startsWith('$argon2') ? hash : await (dummyHash ??= hashPassword('opora-dummy-password'));
  try {
    const ok = await limited(() => argon2.verify(target, password));
    return ok && target === hash;
  } catch {
    return false;
  }
}
