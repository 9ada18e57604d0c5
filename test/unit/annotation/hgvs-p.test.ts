// HGVS p. wording checked against Ensembl VEP's own HGVSp in vcf2maf's MAF: from VEP's Amino_acids and
// Protein_position, describeProteinChange must word the change as VEP did (three-letter code, `=` for
// synonymous, delins). Rows whose wording depends on protein context the MAF does not give (3'-shifted
// deletions, insertions, frameshifts) are skipped. GenoDesk adds the parentheses of a predicted change.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { describeProteinChange } from '../../../electron/main/services/annotation/hgvs/hgvs-p.ts';

describe('HGVS p. wording', () => {
  it('words missense, synonymous and delins changes as VEP did in vcf2maf output', () => {
    const rows = fs
      .readFileSync(path.join(SHARED_DATA, 'annotation-truth', 'vcf2maf-vep', 'test_output.vep_isoforms.maf'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const head = rows[0].split('\t');
    let checked = 0;
    for (const line of rows.slice(1)) {
      const d = Object.fromEntries(line.split('\t').map((v, i) => [head[i], v]));
      if (!/missense_variant|synonymous_variant|protein_altering_variant/.test(d.Consequence) || !d.HGVSp) continue;
      const [refPep, altPep = refPep] = d.Amino_acids.split('/');
      const start = Number(d.Protein_position.split('/')[0].split('-')[0]);
      // Residues outside the touched codons are unknown here (X); these wordings do not depend on them.
      const ref = `${'X'.repeat(start - 1)}${refPep}${'X'.repeat(20)}*`;
      const p = describeProteinChange({ ref, codonStart: start, refPeptide: refPep, altPeptide: altPep, altProtein: '', frameshift: false });
      expect(p.hgvs, `${d.Hugo_Symbol} ${d.HGVSp}`).toBe(d.HGVSp.replace(/^p\./, 'p.(').concat(')'));
      checked++;
    }
    expect(checked).toBe(5);
  });
});
