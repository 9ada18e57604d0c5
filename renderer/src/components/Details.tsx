import type { ReactNode, Ref } from 'react';

/**
 * NHS.UK details: a summary line that opens to show more. Uncontrolled by default; a screen that closes it
 * itself (e.g. after applying filters) passes `open` with `onToggle`, and `summaryRef` to move focus there.
 */
export function Details({
  summary,
  testId,
  open,
  onToggle,
  summaryRef,
  children,
}: {
  summary: ReactNode;
  testId?: string;
  open?: boolean;
  onToggle?: (open: boolean) => void;
  summaryRef?: Ref<HTMLElement>;
  children: ReactNode;
}) {
  return (
    <details className="nhsuk-details" data-testid={testId} open={open} onToggle={onToggle ? (e) => onToggle((e.currentTarget as HTMLDetailsElement).open) : undefined}>
      <summary className="nhsuk-details__summary" ref={summaryRef}>
        <span className="nhsuk-details__summary-text">{summary}</span>
      </summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}
