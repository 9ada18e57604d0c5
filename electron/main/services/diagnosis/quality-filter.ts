// Call-quality filters the counsellor can adjust: FILTER = PASS, minimum GQ, minimum DP. A value the VCF
// does not record is reported as "not checked", never silently treated as passing or failing.
import type { CandidateVariantInput, RankingFilters } from '../../../../shared/schemas/diagnosis.ts';

export type QualityCheck = 'filter' | 'gq' | 'dp';

export interface QualityVerdict {
  pass: boolean;
  failed: QualityCheck[];
  reasons: string[];
}

export function assessQuality(v: Pick<CandidateVariantInput, 'filter' | 'gq' | 'dp'>, f: RankingFilters): QualityVerdict {
  const failed: QualityCheck[] = [];
  const reasons: string[] = [];

  const filter = v.filter?.trim() ?? '';
  if (filter === '' || filter === '.') {
    reasons.push('FILTER not set by the variant caller (".").');
  } else if (filter === 'PASS') {
    reasons.push('FILTER PASS.');
  } else if (f.requirePass) {
    failed.push('filter');
    reasons.push(`FILTER ${filter}: not PASS.`);
  } else {
    reasons.push(`FILTER ${filter}: accepted because PASS is not required.`);
  }

  const numeric = (name: 'GQ' | 'DP', value: number | null, min: number | null, check: QualityCheck) => {
    if (value === null || Number.isNaN(value)) {
      reasons.push(min === null ? `${name} not recorded.` : `${name} not recorded in the VCF: minimum ${min} not checked.`);
    } else if (min === null) {
      reasons.push(`${name} ${value} (no minimum set).`);
    } else if (value >= min) {
      reasons.push(`${name} ${value} (minimum ${min}).`);
    } else {
      failed.push(check);
      reasons.push(`${name} ${value} is below the minimum ${min}.`);
    }
  };
  numeric('GQ', v.gq, f.minGq, 'gq');
  numeric('DP', v.dp, f.minDp, 'dp');
  return { pass: failed.length === 0, failed, reasons };
}
