import { GraphQLError, Kind } from 'graphql';
import { builder } from "../builder.js";
import { dayOf, isoDay } from '@opora/common/calendar';
import { bilingualMessage } from '@opora/common/messages';
// A calendar day as "YYYY-MM-DD" (birth dates, referral dates): no time zone to get wrong.
builder.scalarType('Date', {
    description: 'Calendar day, YYYY-MM-DD',
    serialize: (value) => isoDay(value),
    parseValue: (value) => parseDay(value),
    parseLiteral: (ast) => {
        if (ast.kind !== Kind.STRING)
            throw new GraphQLError(bilingualMessage('dayNotString'), { extensions: { code: 'BAD_USER_INPUT' } });
        return parseDay(ast.value);
    },
});
builder.scalarType('DateTime', {
    description: 'Instant in ISO 8601 with a time zone, e.g. 2026-11-25T09:30:00Z',
    serialize: (value) => value.toISOString(),
    parseValue: (value) => parseInstant(value),
    parseLiteral: (ast) => {
        if (ast.kind !== Kind.STRING)
            throw new GraphQLError(bilingualMessage('instantNotString'), { extensions: { code: 'BAD_USER_INPUT' } });
        return parseInstant(ast.value);
    },
});
function parseDay(value) {
    if (typeof value === 'string') {
        const d = dayOf(value);
        if (!Number.isNaN(d.getTime()))
            return d;
    }
    throw new GraphQLError(bilingualMessage('invalidDay'), {
        extensions: { code: 'BAD_USER_INPUT' },
    });
}
function parseInstant(value) {
    if (typeof value === 'string' && value.length <= 40 && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
        const d = new Date(value);
        if (!Number.isNaN(d.getTime()))
            return d;
    }
    throw new GraphQLError(bilingualMessage('invalidInstant'), {
        extensions: { code: 'BAD_USER_INPUT' },
    });
}
//# sourceMappingURL=scalars.js.map