import { generateSecret, generateURI, verifySync } from 'otplib';
// TOTP (RFC 6238: SHA-1, 6 digits, 30 s) through otplib 13, the maintained OTP library; the
// defaults are what every authenticator app (Google Authenticator, Microsoft Authenticator,
// FreeOTP, Aegis) expects. A code is accepted for one step either side of now (clock drift) and
// never twice: the step it matched is stored and later codes must be newer.
export const TOTP_ISSUER = 'Opora';
export function newTotpSecret() {
    return generateSecret(); // 20 random bytes, base32
}
/** A secret a client may hand back at enrollment: base32, at least 160 bits. */
export function isValidTotpSecret(secret) {
    return /^[A-Z2-7]{32,64}$/.test(secret);
}
export function otpauthUri(email, secret) {
    return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}
/** The time step the code matched (newer than `afterStep`), or null. */
export function verifyTotp(secret, code, afterStep = 0) {
    const token = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(token))
        return null;
    try {
        const result = verifySync({ secret, token, epochTolerance: 30, ...(afterStep > 0 ? { afterTimeStep: afterStep } : {}) });
        return result.valid ? result.timeStep : null;
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=two-factor.js.map