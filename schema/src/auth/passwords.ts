import argon2 from 'argon2';

// argon2id (OWASP's first choice). Unknown emails are verified against a dummy hash so a
// wrong email and a wrong password take the same time.
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  const target = hash && hash.startsWith('$argon2') ? hash : await (dummyHash ??= hashPassword('opora-dummy-password'));
  try {
    const ok = await argon2.verify(target, password);
    return ok && target === hash;
  } catch {
    return false;
  }
}
