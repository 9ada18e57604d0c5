/** NHS.UK table head: one row of column headers. */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead className="nhsuk-table__head">
      <tr className="nhsuk-table__row">
        {columns.map((h) => (
          <th className="nhsuk-table__header" scope="col" key={h}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
