import type { ReactNode } from 'react';
import { Link } from 'react-router';

type Props = { id: string; name: string; children?: ReactNode };

/**
 * A school's name that opens its one-school file (一校一档, /schools/:id). Inside a clickable
 * table row the click stops here, so it opens the school rather than the row's record.
 */
export function SchoolLink({ id, name, children }: Props) {
  return (
    <Link to={`/schools/${id}`} onClick={(e) => e.stopPropagation()} data-testid="school-link" title={name}>
      {children ?? name}
    </Link>
  );
}
