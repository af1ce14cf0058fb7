import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
// Our tsconfig has no DOM lib, where the WebAssembly types live; this is the little we use.
const { WebAssembly } = globalThis;
let loading;
export function loadSchemaEngine() {
    // Once per process: the glue keeps module-level state bound to a single instance.
    loading ??= (async () => {
        // The .wasm is not in the package's exports map: resolve the glue and take its sibling file.
        const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
        const wasmPath = path.join(path.dirname(gluePath), 'schema_engine_bg.wasm');
        const bytes = await readFile(wasmPath);
        const { instance } = await WebAssembly.instantiate(bytes, {
            './schema_engine_bg.js': glue,
        });
        const api = glue;
        api.__wbg_set_wasm(instance.exports);
        const start = instance.exports.__wbindgen_start;
        if (typeof start === 'function')
            start();
        return api;
    })();
    return loading;
}
export async function openSchemaEngine(adapterFactory, schemaText, log = () => { }) {
    const { SchemaEngine } = await loadSchemaEngine();
    const opened = [];
    const tracked = {
        provider: adapterFactory.provider,
        adapterName: adapterFactory.adapterName,
        connect: async () => remember(opened, await adapterFactory.connect()),
        connectToShadowDb: async () => remember(opened, await adapterFactory.connectToShadowDb()),
    };
    const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schemaText]] }, (line) => log(line), bindMigrationAwareSqlAdapterFactory(tracked));
    let closed = false;
    return {
        engine,
        async close() {
            if (closed)
                return;
            closed = true;
            engine.free();
            const adapters = opened.splice(0);
            await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
        },
    };
}
function remember(list, adapter) {
    list.push(adapter);
    // Shadow databases are disposed by the engine as soon as it is done with them; don't do it twice.
    const dispose = adapter.dispose.bind(adapter);
    let disposed = false;
    adapter.dispose = async () => {
        if (disposed)
            return;
        disposed = true;
        list.splice(list.indexOf(adapter) >>> 0, 1);
        await dispose();
    };
    return adapter;
}
//# sourceMappingURL=schema-engine.js.map