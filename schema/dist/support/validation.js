import { z } from 'zod';
import { currentYear, isAfterToday } from '@opora/common/calendar';
import { invalidFields } from "./errors.js";
// Zod building blocks whose messages are keys of @opora/common/messages ("key|param=value"),
// so the validation plugin can answer in the viewer's language with the field path.
export const text = (max) => z.string().trim().min(1, 'required').max(max, `tooLong|max=${max}`);
export const optionalText = (max) => z
    .string()
    .trim()
    .max(max, `tooLong|max=${max}`)
    .transform((s) => (s === '' ? null : s))
    .nullish();
export const email = z.string().trim().toLowerCase().max(254, 'tooLong|max=254').email('invalidEmail');
export const phone = z
    .string()
    .trim()
    .max(30, 'tooLong|max=30')
    .regex(/^\+?[0-9 ()-]{6,30}$/, 'invalidPhone')
    .nullish();
export const intRange = (min, max) => z.number().int('invalidValue').min(min, `tooSmall|min=${min}`).max(max, `tooBig|max=${max}`);
export const list = (item, max, min = 0) => z.array(item).min(min, `tooFewItems|min=${min}`).max(max, `tooManyItems|max=${max}`);
export const idempotencyKey = z
    .string()
    .trim()
    .min(8, 'tooShort|min=8')
    .max(100, 'tooLong|max=100')
    .nullish();
export const version = z.number().int('invalidValue').min(1, 'tooSmall|min=1');
/** A calendar day not after today in Sofia (birth dates, referral dates, closures, consents). */
export const pastOrToday = z.date('invalidDate').refine((d) => !isAfterToday(d), 'dateInFuture');
/** A birth year from 1900 to the current year, the bound read when the value is checked (not when the schema is built). */
export const birthYear = z
    .number()
    .int('invalidValue')
    .min(1900, 'tooSmall|min=1900')
    .superRefine((year, issues) => {
    const max = currentYear();
    if (year > max)
        issues.addIssue({ code: 'custom', message: `tooBig|max=${max}` });
});
/** An end stored or given against a start already stored (not a zod check: one side is in the database). */
export function endNotBeforeStart(ctx, start, end, path) {
    if (end.getTime() < start.getTime())
        throw invalidFields(ctx.locale, [{ path, messageKey: 'endBeforeStart' }]);
}
//# sourceMappingURL=validation.js.map