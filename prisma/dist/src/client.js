// The one place the generated Prisma client is imported from.
export * from "../generated/prisma/client.js";
export { Prisma } from "../generated/prisma/client.js";
//# sourceMappingURL=client.js.map