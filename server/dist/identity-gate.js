import { identityChangeFields, mixedIdentityChanges } from '@opora/schema';
import { currentLocale } from "./request-scope.js";
import { transportError } from "./errors.js";
/**
 * One identity per request: a mutation that changes who the caller is or what they may do
 * (sign-in, sign-out, switching the active membership, …: fields declared with
 * IDENTITY_CHANGE) must be the only root field of its operation. A document that mixes one
 * with anything else is refused before any field runs (400 IDENTITY_CHANGE_NOT_ALONE), so no
 * field can run under a permission answer the change made stale, in either order.
 */
export function oneIdentityPerRequestPlugin(schema) {
    const identityFields = identityChangeFields(schema);
    return {
        async requestDidStart() {
            return {
                async didResolveOperation({ operation, document }) {
                    if (!operation)
                        return;
                    const fragments = Object.fromEntries(document.definitions.filter((d) => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
                    const mixed = mixedIdentityChanges(identityFields, operation, fragments);
                    if (mixed.length) {
                        throw transportError('IDENTITY_CHANGE_NOT_ALONE', 'identityChangeAlone', currentLocale(), {
                            params: { fields: mixed.join(', ') },
                            status: 400,
                            extra: { fields: mixed },
                        });
                    }
                },
            };
        },
    };
}
//# sourceMappingURL=identity-gate.js.map