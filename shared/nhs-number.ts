// NHS number rules from the NHS Data Dictionary ("NHS Number"): 10 digits, the 10th a Modulus 11 check
// digit over the first nine with weights 10..2; a computed check of 10 means the number is invalid.
// Shared so the form can warn as the user types and the service can refuse with the same rule.

/** Removes the spaces people type (`943 476 5919`); anything else is left for validation to reject. */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/\s+/g, '');
}

export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export type NhsNumberProblem = 'empty' | 'not-ten-digits' | 'check-digit';

export function nhsNumberProblem(input: string): NhsNumberProblem | null {
  const n = normaliseNhsNumber(input);
  if (n.length === 0) return 'empty';
  if (!/^\d{10}$/.test(n)) return 'not-ten-digits';
  const check = nhsCheckDigit(n.slice(0, 9));
  if (check === null || check !== Number(n[9])) return 'check-digit';
  return null;
}

/** Display form used on NHS screens: 3-3-4 groups. */
export function formatNhsNumber(n: string): string {
  const d = normaliseNhsNumber(n);
  return d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : n;
}
