import { dictionary } from '@zxcvbn-ts/language-common';
// Password rules as NIST SP 800-63B (§3.1.1.2) puts them: at least 8 characters, at most 256
// (the guideline asks to allow at least 64), every character allowed (spaces and Cyrillic
// included, counted as Unicode code points), no composition rules, no forced rotation, and the
// password refused when it is on a list of common or breached passwords. The list is the
// 49,000-entry "passwords-common" dictionary of @zxcvbn-ts/language-common (the maintained
// TypeScript port of Dropbox's zxcvbn), compared case-insensitively. The demo seed writes its
// hashes directly and never passes through these rules.
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
let common;
function commonPasswords() {
    return (common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));
}
export function isCommonPassword(password) {
    return commonPasswords().has(password.toLowerCase());
}
/** The first rule a new password breaks, as a field issue at `path`, or null. */
export function passwordIssue(password, path, context = {}) {
    const length = [...password].length;
    if (length < PASSWORD_MIN)
        return { path, messageKey: 'passwordTooShort', params: { min: PASSWORD_MIN } };
    if (length > PASSWORD_MAX)
        return { path, messageKey: 'passwordTooLong', params: { max: PASSWORD_MAX } };
    if (isCommonPassword(password) || isCommonPassword(password.trim()))
        return { path, messageKey: 'passwordCommon' };
    const email = context.email?.toLowerCase();
    const local = email?.split('@')[0] ?? '';
    const lower = password.toLowerCase();
    if (email && (lower.includes(email) || (local.length >= 4 && lower === local)))
        return { path, messageKey: 'passwordContainsEmail' };
    return null;
}
//# sourceMappingURL=password-policy.js.map