import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['prisma/_measure.test.ts'], testTimeout: 600_000 } });
