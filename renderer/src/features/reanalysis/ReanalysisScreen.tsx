import { useEffect, useMemo, useState } from 'react';
import type { ReanalysisChange, ReanalysisList } from '../../../../shared/schemas/reanalysis.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { Navigate } from '../../navigation.ts';
import { changeText, evidenceText, notListedText, variantText } from './reanalysis-text.ts';

/**
 * Reanalysis: what newer ClinVar, gnomAD and PanelApp packs changed for the stored patients. First the patients with
 * something to review (across patients), then each patient's variants with the evidence before and after.
 */
export function ReanalysisScreen({ navigate }: { navigate: Navigate }) {
  const [list, setList] = useState<ReanalysisList | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('reanalysis:list', {}).then(setList, (e: unknown) => setError(e instanceof RequestError ? describeError(e.error) : String(e)));
  }, []);

  // A patient whose changed panel genes held only variants left out is still shown, with the counts.
  const byPatient = useMemo(() => {
    const groups = new Map<string, { patient: Pick<ReanalysisChange, 'patientId' | 'patientName' | 'nhsNumber'>; changes: ReanalysisChange[]; notListed: { key: string; text: string }[] }>();
    const group = (p: Pick<ReanalysisChange, 'patientId' | 'patientName' | 'nhsNumber'>) => {
      let g = groups.get(p.patientId);
      if (!g) groups.set(p.patientId, (g = { patient: p, changes: [], notListed: [] }));
      return g;
    };
    for (const c of list?.changes ?? []) group(c).changes.push(c);
    for (const g of list?.panelGenes ?? []) {
      const text = notListedText(g);
      if (text) group(g).notListed.push({ key: `${g.importId}-${g.panelId}-${g.gene}-${g.detectedAt}`, text: `${text} (panel ${g.panelId} v${g.previousPack.version} → v${g.pack.version}).` });
    }
    return [...groups.values()];
  }, [list]);

  return (
    <>
      <h1 className="nhsuk-heading-l">Reanalysis</h1>
      <p className="nhsuk-body">
        Variants whose evidence changed when a newer ClinVar, gnomAD or PanelApp panel pack was installed (panel changes: for patients whose case uses that panel, only the
        variants the diagnosis workspace would put forward in a gene that entered, left or changed rating; the others in the gene are counted below the list). Earlier
        annotations and reports are unchanged; review each variant before acting.
      </p>
      {error && (
        <div className="nhsuk-error-summary" role="alert" data-testid="reanalysis-error">
          <p className="nhsuk-body">{error}</p>
        </div>
      )}
      {list && byPatient.length === 0 && (
        <p className="nhsuk-body" data-testid="reanalysis-none">
          No changes: no stored patient carries a variant whose evidence changed between the installed packs.
        </p>
      )}
      {byPatient.length > 0 && (
        <>
          <h2 className="nhsuk-heading-m">
            {byPatient.length} patient{byPatient.length === 1 ? '' : 's'} to review, {list?.changes.length} variant{list?.changes.length === 1 ? '' : 's'}
          </h2>
          {byPatient.map(({ patient, changes, notListed }) => (
            <section key={patient.patientId} data-testid="reanalysis-patient" aria-labelledby={`re-${patient.patientId}`}>
              <h3 className="nhsuk-heading-s" id={`re-${patient.patientId}`}>
                <a
                  href={`#patient-${patient.patientId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ screen: 'patient', id: patient.patientId });
                  }}
                >
                  {patient.patientName}
                </a>{' '}
                <span className="nhsuk-u-font-weight-normal">
                  NHS {patient.nhsNumber} · {changes.length} variant{changes.length === 1 ? '' : 's'}
                </span>
              </h3>
              {changes.length > 0 && (
                <table className="nhsuk-table">
                  <caption className="nhsuk-u-visually-hidden">Changed evidence for {patient.patientName}</caption>
                  <thead className="nhsuk-table__head">
                    <tr className="nhsuk-table__row">
                      <th scope="col" className="nhsuk-table__header">Variant (GRCh38)</th>
                      <th scope="col" className="nhsuk-table__header">Change</th>
                      <th scope="col" className="nhsuk-table__header">Before</th>
                      <th scope="col" className="nhsuk-table__header">Now</th>
                      <th scope="col" className="nhsuk-table__header">Found</th>
                    </tr>
                  </thead>
                  <tbody className="nhsuk-table__body">
                    {changes.map((c, i) => (
                      <tr className="nhsuk-table__row" key={i} data-testid="reanalysis-change">
                        <td className="nhsuk-table__cell">{variantText(c.variant)}</td>
                        <td className="nhsuk-table__cell">{changeText(c)}</td>
                        <td className="nhsuk-table__cell">{evidenceText(c.kind, c.before, c.previousPack.version)}</td>
                        <td className="nhsuk-table__cell">{evidenceText(c.kind, c.after, c.pack.version)}</td>
                        <td className="nhsuk-table__cell">
                          {formatDateTime(c.detectedAt)} ({c.previousPack.version} → {c.pack.version})
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {notListed.length > 0 && (
                <ul className="nhsuk-list nhsuk-body-s" data-testid="reanalysis-not-listed">
                  {notListed.map((n) => (
                    <li key={n.key}>{n.text}</li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </>
      )}
    </>
  );
}
