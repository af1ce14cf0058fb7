// The one place the generated Prisma client is imported from.
export * from '../generated/prisma/client.ts';
export { Prisma } from '../generated/prisma/client.ts';
