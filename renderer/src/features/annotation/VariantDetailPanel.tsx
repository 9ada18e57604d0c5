import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { AnnotatedVariant, PackVersion } from '../../../../shared/schemas/annotation.ts';
import type { VariantDetail } from '../../../../shared/schemas/annotation-runs.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { Stars } from './annotation-format.tsx';
import './annotation.css';
import { TableHead } from '../../components/TableHead.tsx';
import { PopulationFrequency } from './PopulationFrequency.tsx';

/** HGVS with a line-break opportunity after its reference sequence, so the change itself never wraps. */
function Hgvs({ value }: { value: string | null }) {
  if (!value) return <>—</>;
  const colon = value.lastIndexOf(':');
  if (colon < 0) return <>{value}</>;
  return (
    <>
      <span className="gd-muted">{value.slice(0, colon + 1)}</span>
      <wbr />
      <span style={{ whiteSpace: 'nowrap' }}>{value.slice(colon + 1)}</span>
    </>
  );
}

function packLabel(p: PackVersion | undefined): string {
  return p ? `${p.id} (version ${p.version})` : 'no pack';
}

function OwnTranscripts({ a, pack }: { a: AnnotatedVariant; pack: PackVersion | undefined }) {
  if (a.consequences.length === 0) {
    return <p className="nhsuk-body-s">{a.mostSevereConsequence === 'intergenic_variant' ? 'No transcript of the pack within 5 kb (intergenic_variant).' : 'No transcript consequences.'}</p>;
  }
  return (
    <table className="nhsuk-table" data-testid="detail-transcripts">
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">
        GenoDesk annotator, transcript pack {packLabel(pack)}: {a.consequences.length} transcript{a.consequences.length === 1 ? '' : 's'}, MANE Select first
      </caption>
      <TableHead columns={['Gene', 'Transcript', 'Biotype', 'Strand', 'Consequence', 'Impact', 'HGVS c.', 'HGVS p.', 'Exon / intron', 'Source']} />
      <tbody className="nhsuk-table__body">
        {a.consequences.map((c) => (
          <tr className="nhsuk-table__row" key={c.transcript}>
            <td className="nhsuk-table__cell">{c.gene}</td>
            <td className="nhsuk-table__cell">
              {c.transcript}
              {c.maneSelect && <strong className="nhsuk-tag nhsuk-tag--blue gd-mane">MANE Select</strong>}
              {c.canonical && !c.maneSelect && <strong className="nhsuk-tag nhsuk-tag--grey gd-mane">Canonical</strong>}
            </td>
            <td className="nhsuk-table__cell">{c.biotype}</td>
            <td className="nhsuk-table__cell">{c.strand === 1 ? '+' : '−'}</td>
            <td className="nhsuk-table__cell">{c.terms.join(', ')}</td>
            <td className="nhsuk-table__cell">{c.impact}</td>
            <td className="nhsuk-table__cell gd-hgvs">
              <Hgvs value={c.hgvsc} />
            </td>
            <td className="nhsuk-table__cell gd-hgvs">
              <Hgvs value={c.hgvsp} />
            </td>
            <td className="nhsuk-table__cell">{c.exon ? `exon ${c.exon}` : c.intron ? `intron ${c.intron}` : c.distance !== undefined ? `${formatCount(c.distance)} bp away` : '—'}</td>
            <td className="nhsuk-table__cell">GenoDesk ({pack?.id ?? 'no pack'})</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VcfBorne({ a }: { a: AnnotatedVariant }) {
  if (!a.vcfAnnotations || a.vcfAnnotations.length === 0) return null;
  return (
    <>
      {a.vcfAnnotations.map((b) => (
        <table className="nhsuk-table" data-testid="detail-vcf-borne" key={`${b.tool}-${b.field}`}>
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">
            From the VCF: {b.tool} {b.version ?? '(version not stated in the header)'} · INFO {b.field} · {b.transcripts.length} entr{b.transcripts.length === 1 ? 'y' : 'ies'}
          </caption>
          <TableHead columns={['Gene', 'Transcript', 'Biotype', 'Consequence', 'Impact', 'HGVS c.', 'HGVS p.', 'Source']} />
          <tbody className="nhsuk-table__body">
            {b.transcripts.map((t, i) => (
              <tr className="nhsuk-table__row" key={i}>
                <td className="nhsuk-table__cell">{t.gene ?? '—'}</td>
                <td className="nhsuk-table__cell">{t.transcript ?? '—'}</td>
                <td className="nhsuk-table__cell">{t.biotype ?? '—'}</td>
                <td className="nhsuk-table__cell">{t.terms.join(', ') || '—'}</td>
                <td className="nhsuk-table__cell">{t.impact ?? '—'}</td>
                <td className="nhsuk-table__cell gd-hgvs">
                  <Hgvs value={t.hgvsc ?? null} />
                </td>
                <td className="nhsuk-table__cell gd-hgvs">
                  <Hgvs value={t.hgvsp ? decodeURIComponent(t.hgvsp) : null} />
                </td>
                <td className="nhsuk-table__cell">
                  {b.tool} {b.version ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

function ClinVar({ a, pack }: { a: AnnotatedVariant; pack: PackVersion | undefined }) {
  const c = a.clinvar;
  if (!pack) return <p className="nhsuk-body-s">No ClinVar pack was installed when this variant was annotated.</p>;
  if (!c) return <p className="nhsuk-body-s">Not in ClinVar pack {packLabel(pack)}.</p>;
  return (
    <dl className="nhsuk-summary-list" data-testid="detail-clinvar">
      {(
        [
          ['Significance', c.conflicting ? `${c.significance} (conflicting interpretations)` : c.significance],
          ['Review status', <><Stars stars={c.stars} /> {c.reviewStatus}</>],
          ['Condition', c.conditions.join('; ') || '—'],
          ...(c.conflictingClassifications ? [['Submitted classifications', c.conflictingClassifications.join(', ')]] : []),
          ['Variation ID', c.variationId],
          ['Source', `ClinVar ${c.release ?? ''} · pack ${packLabel(pack)}`],
        ] as [string, ReactNode][]
      ).map(([k, v]) => (
        <div className="nhsuk-summary-list__row" key={k}>
          <dt className="nhsuk-summary-list__key">{k}</dt>
          <dd className="nhsuk-summary-list__value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every transcript of one variant with the source and version of each annotation, and its ClinVar record. */
export function VariantDetailPanel({ patientId, variantId, runId, onClose }: { patientId: string; variantId: string; runId?: string; onClose: () => void }) {
  const [detail, setDetail] = useState<VariantDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDetail(null);
    setError(null);
    call('annotation:variant', { patientId, variantId, runId })
      .then(setDetail)
      .catch((err: unknown) => setError(err instanceof RequestError ? describeError(err.error) : String(err)));
  }, [patientId, variantId, runId]);

  const v = detail?.variant;
  const a = detail?.annotation;
  const transcriptsPack = detail?.run?.packs.find((p) => p.kind === 'transcripts');
  const clinvarPack = detail?.run?.packs.find((p) => p.kind === 'clinvar');
  return (
    <section className="gd-detail gd-bleed" aria-labelledby="variant-detail-heading" data-testid="variant-detail" tabIndex={-1}>
      <h3 className="nhsuk-heading-s" id="variant-detail-heading">
        {v ? `${v.chrom}:${formatCount(v.pos)} ${v.ref}>${v.alt}` : 'Variant'}
      </h3>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
      {v && (
        <p className="nhsuk-body-s">
          Genotype {v.genotype ?? '—'} ({v.zygosity}) · FILTER {v.filter ?? '.'} · QUAL {v.quality ?? '.'} · DP {v.depth ?? '.'}
          {v.ids.length > 0 ? ` · ${v.ids.join(', ')}` : ''}
        </p>
      )}
      {v && <PopulationFrequency variant={v} />}
      {detail && !detail.run && <p className="nhsuk-body">This import has not been annotated yet. Use Annotate above.</p>}
      {detail?.run && (
        <p className="nhsuk-body-s gd-muted" data-testid="detail-run">
          Annotated {formatDateTime(detail.run.completedAt)} by {detail.run.actor} with {detail.run.packs.map((p) => `${p.id} (${p.version})`).join(' and ')}.
        </p>
      )}
      {a?.error && (
        <div className="nhsuk-warning-callout">
          <h4 className="nhsuk-warning-callout__label">Not annotated</h4>
          <p>{a.error.message}</p>
        </div>
      )}
      {a && !a.error && <OwnTranscripts a={a} pack={transcriptsPack} />}
      {a && <VcfBorne a={a} />}
      {a && (
        <>
          <h4 className="nhsuk-heading-xs">ClinVar</h4>
          <ClinVar a={a} pack={clinvarPack} />
        </>
      )}
      <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="button" onClick={onClose}>
        Close details
      </button>
    </section>
  );
}
