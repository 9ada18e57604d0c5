// What a counsellor types in the one search box: an NHS number (or its first digits), a date of birth
// (ISO or the UK's DD/MM/YYYY), or name prefixes in any order ("smi jo" finds John Smith).
// Names are matched on folded columns with index range scans, so 100,000 patients answer in milliseconds.
import type { FieldError } from '../../../../shared/schemas/patient.ts';
import { foldForSearch } from '../../../../shared/text-fold.ts';

export interface SearchSql {
  where: string;
  args: (string | number)[];
  invalid?: FieldError;
}

const TOP = '\u{10FFFF}';

export function buildPatientSearch(raw: string): SearchSql {
  const query = raw.trim();
  if (query === '') return { where: '', args: [] };

  const digits = query.replace(/\s+/g, '');
  if (/^\d{3,10}$/.test(digits)) {
    return digits.length === 10
      ? { where: 'WHERE nhs_number = ?', args: [digits] }
      : { where: 'WHERE nhs_number >= ? AND nhs_number < ?', args: [digits, digits + TOP] };
  }

  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(query);
  const uk = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(query);
  if (iso || uk) {
    const date = iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : `${uk![3]}-${uk![2].padStart(2, '0')}-${uk![1].padStart(2, '0')}`;
    return { where: 'WHERE birth_date = ?', args: [date] };
  }

  const tokens = query.split(/[\s,]+/).map(foldForSearch).filter((t) => t.length > 0);
  if (tokens.length === 0) return { where: 'WHERE 0', args: [] };
  const clauses: string[] = [];
  const args: (string | number)[] = [];
  tokens.forEach((t, i) => {
    if (i === 0) {
      // The first token drives two index range scans (family OR given); later tokens only filter.
      clauses.push('((family_fold >= ? AND family_fold < ?) OR (given_fold >= ? AND given_fold < ?))');
      args.push(t, t + TOP, t, t + TOP);
    } else {
      clauses.push('(substr(family_fold, 1, ?) = ? OR substr(given_fold, 1, ?) = ?)');
      args.push(t.length, t, t.length, t);
    }
  });
  return { where: `WHERE ${clauses.join(' AND ')}`, args };
}
