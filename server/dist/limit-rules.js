import { ApolloArmor } from '@escape.tech/graphql-armor';
import { inputValuesRule } from "./input-limits.js";
import { armorConfig, MAX_LIST_ITEMS } from "./limits.js";
import { afterPageArguments, pageArgumentsRule } from "./page-limits.js";
/**
 * The request limits as graphql-armor applies them: validation rules (depth, aliases,
 * directives, cost, list sizes) and plugins (hidden field suggestions). Tests validate the
 * screens' operations with the same rules.
 */
export function requestLimits(production) {
    const armor = new ApolloArmor(armorConfig(production)).protect();
    // armor ships CommonJS typings of Apollo's plugin type; the objects are plain hooks.
    // The page-size rule first: a refused page size silences the limits about the same document.
    return {
        validationRules: [pageArgumentsRule, ...armor.validationRules.map(afterPageArguments), inputValuesRule(MAX_LIST_ITEMS)],
        plugins: armor.plugins,
    };
}
//# sourceMappingURL=limit-rules.js.map