import i18n from 'i18next';
import { OFFLINE_NS } from '../i18n/offline.ts';
import { wipeDevice } from './device.ts';
import { waitingWrites } from './queue.ts';

export { wipeDevice };

/** Asks before sign-out deletes writes that are still waiting to be sent (none: no question). */
export async function mayWipeDevice(): Promise<boolean> {
  const waiting = (await waitingWrites().catch(() => [])).filter((q) => !q.value.refusal).length;
  return waiting === 0 || window.confirm(i18n.t('signOutWaiting', { ns: OFFLINE_NS, count: waiting }));
}
