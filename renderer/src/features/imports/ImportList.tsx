import type { ImportRecord } from '../../../../shared/schemas/vcf.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';

export function ImportList({ imports }: { imports: ImportRecord[] }) {
  if (imports.length === 0) return <p className="nhsuk-body">No sequencing files have been imported for this patient.</p>;
  return (
    <table className="nhsuk-table" data-testid="import-table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">Imported files</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {['File', 'Sample', 'Build', 'Records', 'Alleles', 'Het', 'Hom alt', 'Ti/Tv', 'Imported'].map((h) => (
            <th className="nhsuk-table__header" scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {imports.map((i) => (
          <tr className="nhsuk-table__row" key={i.id}>
            <td className="nhsuk-table__cell" title={i.file}>
              {i.fileName}
            </td>
            <td className="nhsuk-table__cell">{i.sample ?? '—'}</td>
            <td className="nhsuk-table__cell">
              {i.build}
              {i.buildSource === 'user' ? ' (chosen)' : ''}
            </td>
            <td className="nhsuk-table__cell">{formatCount(i.records)}</td>
            <td className="nhsuk-table__cell">{formatCount(i.alleles)}</td>
            <td className="nhsuk-table__cell">{formatCount(i.het)}</td>
            <td className="nhsuk-table__cell">{formatCount(i.homAlt)}</td>
            <td className="nhsuk-table__cell">{i.tiTv === null ? '—' : i.tiTv.toFixed(2)}</td>
            <td className="nhsuk-table__cell">{formatDateTime(i.importedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
