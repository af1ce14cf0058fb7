import { GraphQLError } from 'graphql';

// Messages of the transport's own refusals (limits, rate limits, deadlines, trusted
// documents), Bulgarian first. Domain messages live in schema/src/support/messages.ts.
const catalogue = {
  tooManyRequests: [
    'Твърде много заявки. Опитайте отново след {seconds} с.',
    'Too many requests. Try again in {seconds} s.',
  ],
  queryTimeout: [
    'Заявката отне твърде дълго и беше прекратена. Опитайте отново или стеснете търсенето.',
    'The request took too long and was stopped. Try again or narrow it down.',
  ],
  busy: ['Услугата е претоварена. Опитайте отново след малко.', 'The service is busy. Please try again shortly.'],
  internal: ['Възникна неочаквана грешка. Опитайте отново.', 'An unexpected error occurred. Please try again.'],
  untrustedDocument: [
    'Тази заявка не е разрешена на този сървър.',
    'This operation is not allowed on this server.',
  ],
  listTooLong: ['Списъкът „{name}“ е твърде дълъг (най-много {max}).', 'The list "{name}" is too long (at most {max}).'],
  invalidText: [
    'Полето „{name}“ съдържа недопустими знаци.',
    'The field "{name}" contains characters that are not allowed.',
  ],
  tooComplex: ['Заявката е твърде сложна.', 'The request is too complex.'],
  payloadTooLarge: ['Заявката е твърде голяма.', 'The request body is too large.'],
  malformedJson: ['Невалиден JSON в заявката.', 'Malformed JSON body.'],
  invalidUtf8: ['Заявката не е валиден UTF-8 текст.', 'The request body is not valid UTF-8.'],
  csrfRequired: [
    'Заявката е блокирана като възможна заявка от друг сайт (CSRF): липсва заглавката apollo-require-preflight.',
    'The request was blocked as a possible cross-site request forgery: the apollo-require-preflight header is missing.',
  ],
  invalidVariable: ['Стойността на променливата ${name} е недопустима.', 'The value of the variable ${name} is not valid.'],
  invalidOperation: ['Заявката не е валидна за този сървър.', 'The operation is not valid on this server.'],
  identityChangeAlone: [
    'Промяната на самоличността или ролята ({fields}) трябва да е единственото поле в заявката. Изпратете я сама; тя важи от следващата заявка.',
    'A change of identity or role ({fields}) must be the only field of its operation. Send it on its own; it takes effect from the next request.',
  ],
} as const;

export type TransportMessageKey = keyof typeof catalogue;
type Params = Record<string, string | number>;

function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? ''));
}

export function transportMessages(key: TransportMessageKey, params: Params = {}) {
  const [bg, en] = catalogue[key];
  return { messageBg: fill(bg, params), messageEn: fill(en, params) };
}

/** The body of an error answered outside GraphQL execution (413, 400, 429, 503). */
export function errorBody(code: string, key: TransportMessageKey, locale: 'bg' | 'en', params: Params = {}, extra: Record<string, unknown> = {}) {
  const both = transportMessages(key, params);
  return {
    errors: [
      { message: locale === 'en' ? both.messageEn : both.messageBg, extensions: { code, ...both, ...extra } },
    ],
  };
}

/** A coded GraphQL error; `status` becomes the HTTP status when thrown before execution. */
export function transportError(
  code: string,
  key: TransportMessageKey,
  locale: 'bg' | 'en',
  options: { params?: Params; status?: number; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
): GraphQLError {
  const both = transportMessages(key, options.params);
  const http = options.status
    ? { http: { status: options.status, headers: new Map(Object.entries(options.headers ?? {})) } }
    : {};
  return new GraphQLError(locale === 'en' ? both.messageEn : both.messageBg, {
    extensions: { code, ...both, ...(options.extra ?? {}), ...http },
  });
}
