import type { ReactNode } from 'react';

// The head of a card: its title, and on the right the card's own actions (e.g. "+ add").

export function CardHead({ id, title, children }: { id: string; title: ReactNode; children?: ReactNode }) {
  return (
    <div className="card-head">
      <h2 id={id}>{title}</h2>
      {children}
    </div>
  );
}

/** "+ add …": opens the create form above the list, and closes it again (aria-expanded says which). */
export function AddToggle({ open, onToggle, label }: { open: boolean; onToggle: () => void; label: string }) {
  return (
    <button type="button" className="btn btn-small" aria-expanded={open} onClick={onToggle}>
      + {label}
    </button>
  );
}
