import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

// The package entry does `import * as wasm from "./schema_engine_bg.wasm"`, which plain Node (and tsx)
// cannot load without --experimental-wasm-modules. We do the same wiring by hand: instantiate the
// bytes with the JS glue as its import module, then hand the exports back to the glue.
type WasmExports = Record<string, unknown>;
type Glue = typeof glue & {
  __wbg_set_wasm(exports: WasmExports): void;
  SchemaEngine: typeof SchemaEngine;
};
// Our tsconfig has no DOM lib, where the WebAssembly types live; this is the little we use.
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: WasmExports } }>;
  };
};

let loading: Promise<Glue> | undefined;

export function loadSchemaEngine(): Promise<Glue> {
  // Once per process: the glue keeps module-level state bound to a single instance.
  loading ??= (async () => {
    // The .wasm is not in the package's exports map: resolve the glue and take its sibling file.
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = path.join(path.dirname(gluePath), 'schema_engine_bg.wasm');
    const bytes = await readFile(wasmPath);
    const { instance } = await WebAssembly.instantiate(bytes, {
      './schema_engine_bg.js': glue,
    });
    const api = glue as unknown as Glue;
    api.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === 'function') start();
    return api;
  })();
  return loading;
}

export type EngineLog = (line: string) => void;

export type OpenedSchemaEngine = {
  engine: SchemaEngine;
  // Frees the engine and disposes every connection it opened (the engine itself never does, and an
  // undisposed pg pool would keep the process alive).
  close(): Promise<void>;
};

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaText: string,
  log: EngineLog = () => {},
): Promise<OpenedSchemaEngine> {
  const { SchemaEngine } = await loadSchemaEngine();
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: async () => remember(opened, await adapterFactory.connect()),
    connectToShadowDb: async () => remember(opened, await adapterFactory.connectToShadowDb()),
  };
  const engine = await SchemaEngine.new(
    { datamodels: [['schema.prisma', schemaText]] },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  let closed = false;
  return {
    engine,
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      const adapters = opened.splice(0);
      await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
    },
  };
}

function remember(list: SqlDriverAdapter[], adapter: SqlDriverAdapter): SqlDriverAdapter {
  list.push(adapter);
  // Shadow databases are disposed by the engine as soon as it is done with them; don't do it twice.
  const dispose = adapter.dispose.bind(adapter);
  let disposed = false;
  adapter.dispose = async () => {
    if (disposed) return;
    disposed = true;
    list.splice(list.indexOf(adapter) >>> 0, 1);
    await dispose();
  };
  return adapter;
}
