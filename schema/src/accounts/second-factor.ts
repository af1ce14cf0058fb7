import type { Context } from '../context.ts';
import { oporaError } from '../support/errors.ts';
import { hashCode, newRecoveryCode, normalizeCode } from './one-time-codes.ts';
import { enableOwnTwoFactor, ownTwoFactor, recordTwoFactorUse, twoFactorRequiredFor } from './store.ts';
import { isValidTotpSecret, newTotpSecret, otpauthUri, verifyTotp } from './two-factor.ts';

export const RECOVERY_CODE_COUNT = 10;

/** Fresh recovery codes: shown once, stored as SHA-256 only. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return { codes, hashes: codes.map(hashCode) };
}

/**
 * Accepts a TOTP code (newer than the last one used) or an unused recovery code of the
 * signed-in user, and records its use. Runs with app.user_id set to that user (RLS).
 */
export async function useSecondFactor(ctx: Context, userId: string, code: string): Promise<boolean> {
  const factor = await ownTwoFactor(ctx.db, userId);
  if (!factor) return false;
  // A secret that does not open (the key changed) leaves the recovery codes; a manager can clear the factor.
  const step = factor.secret === null ? null : verifyTotp(factor.secret, code, Number(factor.lastUsedStep));
  const reseal = !factor.sealed && factor.secret ? { resealSecret: factor.secret } : {};
  if (step !== null) {
    await recordTwoFactorUse(ctx.db, userId, { step, ...reseal });
    return true;
  }
  if (normalizeCode(code).length === 10) {
    const hash = hashCode(code);
    if (factor.recoveryCodeHashes.includes(hash)) {
      await recordTwoFactorUse(ctx.db, userId, { recoveryCodeHashes: factor.recoveryCodeHashes.filter((h: string) => h !== hash), ...reseal });
      return true;
    }
  }
  return false;
}

export type SecondFactorOutcome = 'passed' | 'not-needed' | 'enrolled';

/**
 * The sign-in step after a right password (app.user_id already set to the user).
 * - enrolled: a TOTP or recovery code is required (`reason: TWO_FACTOR_REQUIRED` when missing);
 * - not enrolled, but a center the person works in requires it: the answer carries a fresh
 *   secret and its otpauth URI (`reason: TWO_FACTOR_ENROLLMENT_REQUIRED`); signing in again with
 *   that secret as `enrollmentSecret` and its first code enrolls and signs in. Nothing is stored
 *   before that: the secret belongs to whoever knows the password, as in any enrollment.
 * A wrong code calls `onWrongCode` (the sign-in throttle counts it) and is refused.
 */
export async function secondFactorStep(
  ctx: Context,
  user: { id: string; email: string },
  input: { totpCode?: string | null; enrollmentSecret?: string | null },
  onWrongCode: () => void,
): Promise<SecondFactorOutcome> {
  const factor = await ownTwoFactor(ctx.db, user.id);
  const code = input.totpCode?.trim() || null;
  if (factor) {
    if (!code) throw oporaError('UNAUTHENTICATED', 'twoFactorRequired', ctx.locale, {}, { reason: 'TWO_FACTOR_REQUIRED' });
    if (!(await useSecondFactor(ctx, user.id, code))) {
      onWrongCode();
      throw oporaError('UNAUTHENTICATED', 'twoFactorCodeWrong', ctx.locale, {}, { reason: 'TWO_FACTOR_REQUIRED' });
    }
    return 'passed';
  }
  if (!(await twoFactorRequiredFor(ctx.db, user.id))) return 'not-needed';
  const offered = input.enrollmentSecret?.trim().toUpperCase() || null;
  const secret = offered && isValidTotpSecret(offered) ? offered : newTotpSecret();
  const enrollment = { reason: 'TWO_FACTOR_ENROLLMENT_REQUIRED', secret, otpauthUri: otpauthUri(user.email, secret) };
  if (!offered || !code) throw oporaError('UNAUTHENTICATED', 'twoFactorEnrollmentRequired', ctx.locale, {}, enrollment);
  const step = secret === offered ? verifyTotp(secret, code) : null;
  if (step === null) {
    onWrongCode();
    throw oporaError('UNAUTHENTICATED', 'twoFactorCodeWrong', ctx.locale, {}, enrollment);
  }
  await enableOwnTwoFactor(ctx.db, user.id, secret, step, []);
  ctx.audit.record('UPDATE', 'User', user.id, { twoFactor: 'enabled' });
  return 'enrolled';
}
