import { nhsCheckDigit } from '../../shared/nhs-number.ts';

/** Valid NHS numbers in a deterministic sequence (skipping stems with no valid check digit). */
export function* validNhsNumbers(start = 400_000_000): Generator<string> {
  for (let stem = start; ; stem++) {
    const nine = String(stem).padStart(9, '0');
    const check = nhsCheckDigit(nine);
    if (check !== null) yield `${nine}${check}`;
  }
}
