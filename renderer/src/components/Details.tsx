import type { ReactNode } from 'react';

/** NHS.UK details: a summary line that opens to show more. */
export function Details({ summary, testId, open, children }: { summary: ReactNode; testId?: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="nhsuk-details" data-testid={testId} open={open}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{summary}</span>
      </summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}
