// Shared shapes of the agreement checks (annotator vs third-party peers), used by
// scripts/annotate-agreement.ts and the agreement tests.

export interface AgreementCase {
  /** Where the case comes from: file and record. */
  id: string;
  variant: string;
  transcript?: string;
  expected: string;
  actual: string;
  agreed: boolean;
  /** Why they differ, when they do (a documented convention difference or a known limitation). */
  explanation?: string;
  /** Key of the rule that explains it (stable, for the tests' list of known disagreements). */
  reason?: string;
}

export interface AgreementSource {
  name: string;
  /** What is compared (e.g. "consequence terms and amino-acid change"). */
  compared: string;
  cases: AgreementCase[];
  /** Cases seen but not comparable (no answer, transcript/sequence not available…), with the reason. */
  notComparable: Array<{ id: string; reason: string }>;
}

export function summarise(s: AgreementSource): { cases: number; agreed: number; rate: number } {
  const agreed = s.cases.filter((c) => c.agreed).length;
  return { cases: s.cases.length, agreed, rate: s.cases.length ? agreed / s.cases.length : 1 };
}
