import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * NHS.UK error summary for a failure that is not about a form field (a load or an action that failed):
 * announced at once, with a title saying what did not happen. `focus` moves focus to it when it appears (the
 * NHS.UK error summary pattern for a refused form): the notice sits above the form, so a person who pressed a
 * button lower down would otherwise not see it.
 */
export function ErrorNotice({ title, level = 2, testId, focus = false, children }: { title: string; level?: 2 | 3 | 4; testId?: string; focus?: boolean; children: ReactNode }) {
  const Heading = `h${level}` as const;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, children]);
  return (
    <div className="nhsuk-error-summary" role="alert" tabIndex={-1} data-testid={testId} ref={ref}>
      <Heading className="nhsuk-error-summary__title">{title}</Heading>
      <div className="nhsuk-error-summary__body">
        <p>{children}</p>
      </div>
    </div>
  );
}
