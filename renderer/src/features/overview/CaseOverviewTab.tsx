import { useEffect, useState } from 'react';
import type { CaseOverview, PatientTab } from '../../../../shared/schemas/worklist.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { StatusTag } from '../worklist/StatusTag.tsx';
import './overview.css';

const TAB_LABEL: Record<PatientTab, string> = {
  overview: 'Overview',
  details: 'Details',
  medicines: 'Medicines',
  sequencing: 'Sequencing',
  pgx: 'Pharmacogenomics',
  diagnosis: 'Diagnosis',
  family: 'Family',
};

/**
 * The patient page's first tab: what needs action, then one card per domain (medication alerts, candidates,
 * consent, family, sync, …), each linking to the tab with the detail. A domain with nothing says so in words.
 */
export function CaseOverviewTab({ patientId, openTab, onGone }: { patientId: string; openTab: (tab: PatientTab) => void; onGone: (message: string) => void }) {
  const [overview, setOverview] = useState<CaseOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    call('worklist:overview', { patientId })
      .then((o) => current && setOverview(o))
      .catch((e) => {
        if (!current) return;
        if (e instanceof RequestError && e.error.code === 'patients/not-found') onGone(describeError(e.error));
        else setError(e instanceof RequestError ? describeError(e.error) : String(e));
      });
    return () => {
      current = false;
    };
  }, [patientId, onGone]);

  if (error) return <p className="nhsuk-error-message">{error}</p>;
  if (!overview) return <p className="nhsuk-body">Loading the case overview…</p>;
  const link = (tab: PatientTab, text: string) => (
    <a
      href={`#tab-${tab}`}
      onClick={(e) => {
        e.preventDefault();
        openTab(tab);
      }}
    >
      {text}
    </a>
  );
  return (
    <div data-testid="case-overview">
      <h2 className="nhsuk-heading-m gd-overview__status">
        Case status: <StatusTag status={overview.status} />
      </h2>
      <section aria-labelledby="overview-actions-title" className="gd-overview__actions">
        <h3 className="nhsuk-heading-s" id="overview-actions-title">
          Needs action
        </h3>
        {overview.actions.length === 0 ? (
          <p className="nhsuk-body" data-testid="overview-actions-none">
            Nothing needs action for this patient.
          </p>
        ) : (
          <ul className="nhsuk-list nhsuk-list--bullet" data-testid="overview-actions">
            {overview.actions.map((a) => (
              <li key={a.kind}>
                {link(a.tab, a.label)} <span className="gd-muted">({TAB_LABEL[a.tab]} tab)</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="gd-overview__grid">
        {overview.sections.map((s) => (
          <section className="nhsuk-card gd-overview__card" key={s.key} aria-labelledby={`overview-${s.key}`} data-testid={`overview-${s.key}`}>
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-s" id={`overview-${s.key}`}>
                {s.title}
              </h3>
              {s.items.length === 0 ? (
                <p className="nhsuk-body-s gd-muted">{s.empty}</p>
              ) : (
                <ul className="gd-overview__items">
                  {s.items.map((i, n) => (
                    <li key={n} className={i.action ? 'gd-overview__item--action' : undefined}>
                      {i.action && <strong className="nhsuk-tag nhsuk-tag--red gd-overview__flag">Action</strong>}
                      {i.text}
                      {i.detail && <span className="gd-overview__detail">{i.detail}</span>}
                    </li>
                  ))}
                </ul>
              )}
              <p className="nhsuk-body-s gd-overview__more">{link(s.tab, `Open ${TAB_LABEL[s.tab]}`)}<span className="nhsuk-u-visually-hidden"> for {s.title.toLowerCase()}</span></p>
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
