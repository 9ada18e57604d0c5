import type { ReactNode } from 'react';

/**
 * NHS.UK error summary for a failure that is not about a form field (a load or an action that failed):
 * announced at once, with a title saying what did not happen.
 */
export function ErrorNotice({ title, level = 2, testId, children }: { title: string; level?: 2 | 3 | 4; testId?: string; children: ReactNode }) {
  const Heading = `h${level}` as const;
  return (
    <div className="nhsuk-error-summary" role="alert" tabIndex={-1} data-testid={testId}>
      <Heading className="nhsuk-error-summary__title">{title}</Heading>
      <div className="nhsuk-error-summary__body">
        <p>{children}</p>
      </div>
    </div>
  );
}
