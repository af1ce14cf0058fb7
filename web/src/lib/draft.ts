import { useCallback, useEffect, useRef, useState } from 'react';
import { readSession, writeSession } from './storage.ts';

/**
 * Form state that survives an expired session: every change is kept in sessionStorage under
 * `opora.draft.<key>` until the form is saved (`clear`) or the person signs out on purpose.
 */
export function useDraft<T extends object>(key: string, initial: T | (() => T)) {
  const storageKey = `opora.draft.${key}`;
  const [value, setValue] = useState<T>(() => {
    const saved = readSession<T>(storageKey);
    const base = typeof initial === 'function' ? (initial as () => T)() : initial;
    return saved ? { ...base, ...saved } : base;
  });
  const restored = useRef(readSession<T>(storageKey) !== null);
  const dirty = useRef(false);

  useEffect(() => {
    if (dirty.current) writeSession(storageKey, value);
  }, [storageKey, value]);

  const update = useCallback((patch: Partial<T>) => {
    dirty.current = true;
    setValue((v) => ({ ...v, ...patch }));
  }, []);

  const reset = useCallback(
    (next: T) => {
      dirty.current = false;
      writeSession(storageKey, null);
      setValue(next);
    },
    [storageKey],
  );

  const clear = useCallback(() => {
    dirty.current = false;
    writeSession(storageKey, null);
  }, [storageKey]);

  return { value, update, reset, clear, restored: restored.current };
}
