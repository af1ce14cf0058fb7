import { useEffect, useState, useSyncExternalStore } from 'react';
import { onDeviceChange } from './device.ts';

const subscribeOnline = (on: () => void) => {
  window.addEventListener('online', on);
  window.addEventListener('offline', on);
  return () => {
    window.removeEventListener('online', on);
    window.removeEventListener('offline', on);
  };
};

/** Whether the browser says it has a connection (re-rendered when that changes). */
export const useOnline = () => useSyncExternalStore(subscribeOnline, () => navigator.onLine);

/** A value read from the device, read again whenever the device changes. */
export function useDeviceRead<T>(read: () => Promise<T>, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    let live = true;
    const load = () => void read().then((v) => live && setValue(v)).catch(() => undefined);
    load();
    const off = onDeviceChange(load);
    return () => {
      live = false;
      off();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return value;
}
