// What a page's device store holds, read from outside the app (a browser test, the bench).

/** Whether the device's store holds a record under `slot` (only the key's name: the value is sealed). */
const keptIn = (slot: string) => `indexedDB.databases().then((all) => !all.some((d) => d.name === 'opora-device') ? false : new Promise((resolve, reject) => {
  const r = indexedDB.open('opora-device');
  r.onsuccess = () => {
    const db = r.result;
    if (!db.objectStoreNames.contains('records')) { db.close(); resolve(false); return; }
    const k = db.transaction('records').objectStore('records').getKey(${JSON.stringify(slot)});
    k.onsuccess = () => { db.close(); resolve(k.result !== undefined); };
    k.onerror = () => { db.close(); reject(k.error); };
  };
  r.onerror = () => reject(r.error);
}))`;

/** The dashboard's copy (web/src/offline/dashboard-copy.ts). */
export const DASHBOARD_KEPT = keptIn('dashboard');
/** The field page's offline copy (web/src/offline/sync.ts `refreshCopy`). */
export const FIELD_COPY_KEPT = keptIn('snapshot');
