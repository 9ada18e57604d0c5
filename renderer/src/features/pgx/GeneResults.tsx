import type { ReactNode } from 'react';
import type { PgxGeneResult, PgxStoredRun } from '../../../../shared/schemas/pgx.ts';
import { formatDateTime } from '../../lib/format.ts';
import { attentionReasons, callText, formatPosition, geneFlags, phenotypeText, VERSION_SKEW_CODES } from './gene-flags.ts';
import { TableHead } from '../../components/TableHead.tsx';
import { Details } from '../../components/Details.tsx';

function Tags({ g }: { g: PgxGeneResult }) {
  const f = geneFlags(g);
  const tags: [string, string][] = [];
  if (f.outsideCall) tags.push(['Outside call', 'nhsuk-tag--purple']);
  if (f.notCalled) tags.push(['Not called', 'nhsuk-tag--grey']);
  if (f.ambiguous) tags.push(['Ambiguous', 'nhsuk-tag--orange']);
  if (f.missing) tags.push([`${g.missingPositions.length} missing`, 'nhsuk-tag--red']);
  if (f.referenceBlocks) tags.push(['Reference blocks', 'nhsuk-tag--blue']);
  if (f.versionSkew) tags.push(['Data versions', 'nhsuk-tag--yellow']);
  if (f.noPhenotypeData) tags.push(['No phenotype data', 'nhsuk-tag--grey']);
  if (tags.length === 0) return <span className="gd-muted">None</span>;
  return (
    <ul className="gd-pgx-tags">
      {tags.map(([text, cls]) => (
        <li key={text}>
          <strong className={`nhsuk-tag ${cls}`}>{text}</strong>
        </li>
      ))}
    </ul>
  );
}

function PositionList({ positions, testId }: { positions: { chrom: string; pos: number; rsid: string | null }[]; testId: string }) {
  if (positions.length === 0) return <>None</>;
  return (
    <ul className="nhsuk-list gd-pgx-positions" data-testid={testId}>
      {positions.map((p) => (
        <li key={`${p.chrom}:${p.pos}`}>{formatPosition(p)}</li>
      ))}
    </ul>
  );
}

function sourceText(g: PgxGeneResult, run: PgxStoredRun): string {
  if (g.source === 'outside-call') {
    const f = run.genotypeSource.outsideCallFiles.find((x) => x.genes.includes(g.gene));
    return f ? `Outside call: ${f.fileName}${f.importedAt ? `, imported ${formatDateTime(f.importedAt)}` : ''}` : 'Outside call';
  }
  const s = run.genotypeSource;
  return `Sequencing: ${s.fileName}${s.sample ? `, sample ${s.sample}` : ''}`;
}

/** One gene's details: every candidate, what was missing, where calls came from, and each caveat. */
function GeneDetails({ g, run }: { g: PgxGeneResult; run: PgxStoredRun }) {
  const rows: [string, ReactNode][] = [
    ['Diplotype', g.diplotypes.length > 1 ? (
      <>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{g.diplotypes.length} diplotypes fit the data equally well, best first:</p>
        <ol className="nhsuk-list nhsuk-list--number" data-testid={`pgx-candidates-${g.gene}`}>
          {g.diplotypes.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ol>
      </>
    ) : callText(g)],
    ['Phenotype', phenotypeText(g)],
    ['Activity score', g.activityScore ?? 'Not used for this gene'],
    ['Source', sourceText(g, run)],
    ['Missing positions', <PositionList positions={g.missingPositions} testId={`pgx-missing-${g.gene}`} key="m" />],
    ['Called from reference blocks', <PositionList positions={g.referenceBlockPositions} testId={`pgx-blocks-${g.gene}`} key="b" />],
  ];
  if (g.alternativeDiplotypes.length) rows.splice(1, 0, ['Other possible diplotypes', g.alternativeDiplotypes.join(', ')]);
  if (g.source === 'vcf') rows.push(['Phased', g.phased ? 'Yes' : g.effectivelyPhased ? 'Effectively (one heterozygous position)' : 'No']);
  const summary = `${g.gene}: ${callText(g)}${g.warnings.length ? ` (${g.warnings.length} note${g.warnings.length > 1 ? 's' : ''})` : ''}`;
  return (
    <Details summary={summary} testId={`pgx-gene-details-${g.gene}`}>
      <dl className="nhsuk-summary-list">
        {rows.map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      {g.warnings.length > 0 && (
        <>
          <h4 className="nhsuk-heading-xs">Notes</h4>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {g.warnings.map((w, i) => (
              <li key={i}>
                {w.severity === 'warning' && <strong className="nhsuk-tag nhsuk-tag--orange gd-pgx-inline-tag">Warning</strong>}
                {VERSION_SKEW_CODES.has(w.code) && <strong className="nhsuk-tag nhsuk-tag--yellow gd-pgx-inline-tag">Data versions</strong>}
                {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </Details>
  );
}

function GeneTable({ genes, testId, caption }: { genes: PgxGeneResult[]; testId: string; caption: ReactNode }) {
  return (
    <table className="nhsuk-table" data-testid={testId}>
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
      <TableHead columns={['Gene', 'Diplotype', 'Phenotype', 'Activity score', 'Needs attention']} />
      <tbody className="nhsuk-table__body">
        {genes.map((g) => (
          <tr className="nhsuk-table__row" key={g.gene} data-testid={`pgx-gene-${g.gene}`}>
            <th className="nhsuk-table__header" scope="row">
              {g.gene}
            </th>
            <td className="nhsuk-table__cell" data-testid={`pgx-diplotype-${g.gene}`}>
              {callText(g)}
            </td>
            <td className="nhsuk-table__cell" data-testid={`pgx-phenotype-${g.gene}`}>
              {phenotypeText(g)}
            </td>
            <td className="nhsuk-table__cell">{g.activityScore ?? '—'}</td>
            <td className="nhsuk-table__cell">
              <Tags g={g} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Genes that need attention (a phenotype other than normal, not interpretable or called, missing positions,
 * warnings) first, with their details; the rest collapsed with a count.
 */
export function GeneResults({ run }: { run: PgxStoredRun }) {
  const attention = run.genes.filter((g) => attentionReasons(g).length > 0);
  const rest = run.genes.filter((g) => attentionReasons(g).length === 0);
  return (
    <div data-testid="pgx-genes">
      <h3 className="nhsuk-heading-m">Genes</h3>
      {attention.length > 0 ? (
        <>
          <GeneTable genes={attention} testId="pgx-genes-attention" caption={`Needs attention (${attention.length} gene${attention.length > 1 ? 's' : ''})`} />
          <h4 className="nhsuk-heading-xs">Details of these genes</h4>
          {attention.map((g) => (
            <GeneDetails g={g} run={run} key={g.gene} />
          ))}
        </>
      ) : (
        <p className="nhsuk-body-s">No gene needs attention: every phenotype is normal, nothing is missing and there are no warnings.</p>
      )}
      {rest.length > 0 && (
        <Details summary={`Normal results, nothing missing (${rest.length} gene${rest.length > 1 ? 's' : ''})`} testId="pgx-genes-rest">
          <GeneTable genes={rest} testId="pgx-genes-normal" caption="Normal results" />
          {rest.map((g) => (
            <GeneDetails g={g} run={run} key={g.gene} />
          ))}
        </Details>
      )}
    </div>
  );
}
