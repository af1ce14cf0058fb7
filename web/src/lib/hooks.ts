import { useEffect, useState } from 'react';

export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** A fresh idempotency key per form instance: a retried submit never creates a second record. */
export function newKey(): string {
  return crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Relay global id of a raw database id (the server's base64url("Type:uuid")). */
export function globalId(type: string, id: string): string {
  return btoa(`${type}:${id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function ageFrom(birthDate: string | null | undefined, birthYear: number | null | undefined): number | null {
  const now = new Date();
  if (birthDate) {
    const b = new Date(`${birthDate}T12:00:00`);
    let age = now.getFullYear() - b.getFullYear();
    if (now.getMonth() < b.getMonth() || (now.getMonth() === b.getMonth() && now.getDate() < b.getDate())) age -= 1;
    return age;
  }
  return birthYear ? now.getFullYear() - birthYear : null;
}
