// The ACMG secondary-findings gene list (v3.2: Miller DT et al., Genet Med 2023;25(8):100866) with its
// reporting notes turned into rules. The notes are the list's own: some genes are reported only when
// biallelic, HFE only for p.Cys282Tyr homozygotes. A note GenoDesk cannot read becomes an explicit
// "review manually" rule, never an ignored one.
import { AppError } from '../../../../shared/errors.ts';
import type { SfGene, SfRule } from '../../../../shared/schemas/diagnosis.ts';

export interface SfList {
  version: string;
  genes: SfGene[];
}

export function ruleFromNote(note: string | null): SfRule {
  if (!note) return { kind: 'any-pathogenic' };
  const homozygous = /homozygous\s+(p\.\(?[A-Z][a-z]{2}\d+[A-Z][a-z]{2}\)?)/i.exec(note);
  if (homozygous) return { kind: 'specific-homozygous', proteinChange: homozygous[1].replace(/[()]/g, '') };
  if (/biallelic/i.test(note)) return { kind: 'biallelic-only' };
  return { kind: 'unrecognised-note', note };
}

export function parseAcmgSfList(text: string, version: string, origin = 'ACMG SF list'): SfList {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split('\t').map((h) => h.trim()) ?? [];
  const gi = header.indexOf('gene');
  const ci = header.indexOf('category');
  const ni = header.indexOf('reporting_note');
  if (gi < 0 || ci < 0 || ni < 0) {
    throw new AppError('diagnosis/sf-list-malformed', `${origin}: expected columns gene, category, reporting_note.`, { origin, line: 1, expected: 'gene\tcategory\treporting_note' });
  }
  const genes: SfGene[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split('\t');
    const gene = (cells[gi] ?? '').trim();
    if (!gene) throw new AppError('diagnosis/sf-list-malformed', `${origin} line ${i + 1}: no gene symbol.`, { origin, line: i + 1 });
    if (seen.has(gene)) throw new AppError('diagnosis/sf-list-malformed', `${origin} line ${i + 1}: ${gene} is listed twice.`, { origin, line: i + 1, gene });
    seen.add(gene);
    const note = (cells[ni] ?? '').trim() || null;
    genes.push({ gene, category: (cells[ci] ?? '').trim(), note, rule: ruleFromNote(note) });
  }
  return { version, genes };
}
