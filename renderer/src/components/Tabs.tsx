import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface TabSpec {
  id: string;
  label: string;
  render: () => ReactNode;
}

/** NHS.UK tabs, controlled by React; arrow keys move between tabs as the WAI-ARIA tabs pattern expects. */
export function Tabs({ tabs, selected, onSelect, title }: { tabs: TabSpec[]; selected: string; onSelect: (id: string) => void; title: string }) {
  const refs = useRef<Record<string, HTMLAnchorElement | null>>({});
  const current = tabs.find((t) => t.id === selected) ?? tabs[0];
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = tabs[(index + delta + tabs.length) % tabs.length];
    onSelect(next.id);
    refs.current[next.id]?.focus();
  };
  return (
    <div className="nhsuk-tabs nhsuk-tabs--js-enabled">
      <h2 className="nhsuk-tabs__title">{title}</h2>
      <ul className="nhsuk-tabs__list" role="tablist">
        {tabs.map((tab, i) => (
          <li className={`nhsuk-tabs__list-item${tab.id === current.id ? ' nhsuk-tabs__list-item--selected' : ''}`} key={tab.id} role="presentation">
            <a
              className="nhsuk-tabs__tab"
              href={`#tab-${tab.id}`}
              id={`tab-link-${tab.id}`}
              role="tab"
              aria-selected={tab.id === current.id}
              aria-controls={`tab-${tab.id}`}
              tabIndex={tab.id === current.id ? 0 : -1}
              ref={(el) => {
                refs.current[tab.id] = el;
              }}
              onClick={(e) => {
                e.preventDefault();
                onSelect(tab.id);
              }}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="nhsuk-tabs__panel" id={`tab-${current.id}`} role="tabpanel" aria-labelledby={`tab-link-${current.id}`}>
        {current.render()}
      </div>
    </div>
  );
}
