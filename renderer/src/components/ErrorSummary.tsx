import { useEffect, useRef } from 'react';

export interface SummaryItem {
  field?: string;
  message: string;
}

/** NHS.UK error summary: focused when it appears, each message links to its field. */
export function ErrorSummary({ items, fieldIds }: { items: SummaryItem[]; fieldIds?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length) ref.current?.focus();
  }, [items]);
  if (items.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {items.map((item, i) => (
            <li key={i}>
              {item.field && fieldIds?.[item.field] ? (
                <a
                  href={`#${fieldIds[item.field]}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(fieldIds[item.field!])?.focus();
                  }}
                >
                  {item.message}
                </a>
              ) : (
                item.message
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
