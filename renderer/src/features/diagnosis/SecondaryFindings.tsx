// Actionable secondary findings (ACMG SF v3.2), looked for only while consent is recorded. Each flag says
// why; P/LP variants in list genes that are not flagged say why not.
import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract.ts';
import type { SerializedError } from '../../../../shared/errors.ts';
import { describeError } from '../../lib/error-messages.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Details } from '../../components/Details.tsx';

type Sf = ChannelOutput<'diagnosis:secondary-findings'>;

export function SecondaryFindings({ patientId, consented, refreshKey }: { patientId: string; consented: boolean; refreshKey: number }) {
  const [sf, setSf] = useState<Sf | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);

  useEffect(() => {
    setSf(null);
    setError(null);
    if (!consented) return;
    call('diagnosis:secondary-findings', { patientId })
      .then(setSf)
      .catch((err) => setError(err instanceof RequestError ? err.error : { code: 'ipc/internal', message: String(err), details: {} }));
  }, [patientId, consented, refreshKey]);

  return (
    <section aria-labelledby="dx-sf-heading" data-testid="dx-secondary">
      <h3 className="nhsuk-heading-m" id="dx-sf-heading">
        Secondary findings (disease risk)
      </h3>
      {!consented && (
        <p className="nhsuk-body" data-testid="dx-sf-not-consented">
          Not looked for: the patient’s consent to additional findings is not recorded.
        </p>
      )}
      {error && (
        <ErrorNotice title="Secondary findings could not be looked for" level={4}>
          {describeError(error)}
        </ErrorNotice>
      )}
      {sf && (
        <>
          <p className="nhsuk-body-s">
            Searched {sf.genesOnList - sf.genesNotSearched.length} of the {sf.genesOnList} genes of the ACMG SF v{sf.result.listVersion} list for variants classified pathogenic or likely pathogenic by the lab, or by ClinVar with at least 2
            review stars.
            {sf.genesNotSearched.length > 0 && ` Not searched (no coordinates in GenoDesk's gene table): ${sf.genesNotSearched.join(', ')}.`}
          </p>
          {sf.result.flags.length === 0 ? (
            <p className="nhsuk-body" data-testid="dx-sf-none">
              No secondary finding flagged.
            </p>
          ) : (
            sf.result.flags.map((f) => (
              <div className="nhsuk-card nhsuk-card--warning" key={f.gene} data-testid="dx-sf-flag">
                <div className="nhsuk-card__content">
                  <h4 className="nhsuk-card__heading">{f.gene}</h4>
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">ACMG SF category: {f.category}</p>
                  <ul className="nhsuk-list nhsuk-list--bullet">
                    {f.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </div>
              </div>
            ))
          )}
          {sf.result.notFlagged.length > 0 && (
            <Details summary={<>Variants in list genes not flagged ({sf.result.notFlagged.length})</>}>
              <ul className="nhsuk-list nhsuk-list--bullet">
                {sf.result.notFlagged.map((n) => (
                  <li key={`${n.key}-${n.gene}`}>
                    {n.gene} {n.key}: {n.reason}
                  </li>
                ))}
              </ul>
            </Details>
          )}
        </>
      )}
    </section>
  );
}
