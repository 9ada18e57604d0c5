import { useEffect, useState } from 'react';
import type { VariantFrequencyResult } from '../../../../shared/schemas/frequency.ts';
import { formatAf as fmtAf, frequencyStatusText } from '../../../../shared/schemas/frequency.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';

/**
 * The variant's population frequency from the active gnomAD pack: overall AF, the highest genetic-ancestry
 * group's AF, allele count/number and homozygotes; "Not seen in gnomAD vN" when the pack lacks it.
 */
export function PopulationFrequency({ variant }: { variant: { importId: string; chrom: string; pos: number; ref: string; alt: string } }) {
  const [result, setResult] = useState<VariantFrequencyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { importId, chrom, pos, ref, alt } = variant;
  useEffect(() => {
    setResult(null);
    call('frequency:variant', { importId, chrom, pos, ref, alt }).then(setResult, (e: unknown) => setError(e instanceof RequestError ? describeError(e.error) : String(e)));
  }, [importId, chrom, pos, ref, alt]);
  if (error) return <p className="nhsuk-error-message">{error}</p>;
  if (!result) return null;
  const f = result.frequency;
  return (
    <div data-testid="detail-frequency">
      <h4 className="nhsuk-heading-xs">Population frequency</h4>
      {!f ? (
        <p className="nhsuk-body-s">{frequencyStatusText(result)}</p>
      ) : (
        <p className="nhsuk-body-s">
          {f.source} {f.version}: AF {fmtAf(f.af)} · highest group {fmtAf(f.grpmaxAf)}
          {f.grpmax ? ` (${f.grpmax})` : ''} · AC {f.ac ?? '—'} / AN {f.an ?? '—'} · {f.homozygotes ?? '—'} homozygotes
        </p>
      )}
    </div>
  );
}
