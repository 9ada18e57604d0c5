// ACMG SF v3.2 flags on real ClinVar records in list genes. Which genes need two hits and the HFE rule
// come from the list's own notes (../shared/data/panels/acmg-sf-v3.2.tsv).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { findSecondaryFindings } from '../../../electron/main/services/diagnosis/secondary-findings.ts';
import { variantKey } from '../../../electron/main/services/diagnosis/rank-candidates.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { CandidateVariantInput, Consent } from '../../../shared/schemas/diagnosis.ts';
import { clinvarAssertion, clinvarConsequences, readClinvarTsv } from './helpers/clinvar-records.ts';
import { PASSING_HET_CALL } from './helpers/passing-call.ts';

const sfList = loadPanelPack(path.join(RESOURCES, 'panels')).sfList!;
const rows = readClinvarTsv(path.join(SHARED_DATA, 'clinvar/macarthur-lab_2018/clinvar_alleles.multi.b38.tsv.gz'));
const consent: Consent = { additionalFindings: true, recordedAt: '2026-11-20', recordedBy: 'J Counsellor' };

function record(symbol: string, protein: string) {
  const r = rows.find((x) => x.symbol === symbol && x.hgvs_p.endsWith(protein));
  if (!r) throw new Error(`${symbol} ${protein} not in the ClinVar extract`);
  return r;
}
function carrier(symbol: string, protein: string, over: Partial<CandidateVariantInput> = {}): CandidateVariantInput {
  const r = record(symbol, protein);
  return {
    chrom: `chr${r.chrom}`,
    pos: Number(r.pos),
    ref: r.ref,
    alt: r.alt,
    ...PASSING_HET_CALL,
    consequences: clinvarConsequences(r),
    clinvar: clinvarAssertion(r),
    ...over,
  };
}

describe('ACMG SF v3.2 list', () => {
  it('reads 81 genes and turns the reporting notes into rules', () => {
    const tsv = fs.readFileSync(path.join(SHARED_DATA, 'panels/acmg-sf-v3.2.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t'));
    expect(sfList.genes.map((g) => g.gene)).toEqual(tsv.map((r) => r[0]));
    for (const [gene, , note] of tsv) {
      const rule = sfList.genes.find((g) => g.gene === gene)!.rule;
      if (!note) expect(rule.kind).toBe('any-pathogenic');
      else if (/biallelic/.test(note)) expect(rule.kind).toBe('biallelic-only');
      else if (/homozygous p\.Cys282Tyr/.test(note)) expect(rule).toEqual({ kind: 'specific-homozygous', proteinChange: 'p.Cys282Tyr' });
    }
    expect(sfList.genes.filter((g) => g.rule.kind === 'biallelic-only').map((g) => g.gene)).toEqual(['MUTYH', 'CASQ2', 'TRDN', 'GAA', 'BTD', 'RPE65', 'ATP7B']);
  });
});

describe('secondary findings', () => {
  it('are refused without recorded consent', () => {
    for (const c of [null, undefined, { additionalFindings: false }]) {
      try {
        findSecondaryFindings({ consent: c, sfList, variants: [carrier('RET', 'p.Cys634Arg')] });
        expect.unreachable();
      } catch (e) {
        expect((e as AppError).code).toBe('diagnosis/consent-required');
      }
    }
  });

  it('flag ClinVar P/LP with at least 2 stars in list genes, each saying why', () => {
    const r = findSecondaryFindings({
      consent,
      sfList,
      variants: [carrier('RET', 'p.Cys634Arg'), carrier('LDLR', 'p.Ile423Thr'), carrier('GLA', 'p.Arg112Cys', { chrom: 'chrX', zygosity: 'hemizygous', genotype: '1' })],
    });
    expect(r.flags.map((f) => f.gene)).toEqual(['GLA', 'LDLR', 'RET']);
    const ret = r.flags.find((f) => f.gene === 'RET')!;
    expect(ret.reasons[0]).toBe('RET is on the ACMG SF v3.2 list (cancer).');
    expect(ret.reasons[1]).toMatch(/p\.Cys634Arg \(heterozygous\): ClinVar Pathogenic\/Likely pathogenic \(2 stars/);
    expect(ret.reasons.at(-1)).toBe('Consent to additional findings recorded on 2026-11-20 by J Counsellor.');
    expect(ret.variants[0]).toMatchObject({ basis: 'clinvar', acmgClass: null, significance: 'Pathogenic/Likely pathogenic' });
  });

  it('do not flag ClinVar P/LP with fewer than 2 stars, unless the lab classified it P/LP; the lab overrides ClinVar', () => {
    const col3a1 = carrier('COL3A1', 'p.Arg596Ter');
    const kcnq1 = carrier('KCNQ1', 'p.Val254Met');
    const ret = carrier('RET', 'p.Cys634Arg');
    const r = findSecondaryFindings({
      consent,
      sfList,
      variants: [col3a1, kcnq1, ret],
      labClassifications: [
        { key: variantKey(col3a1), acmgClass: 'likely-pathogenic', version: 2 },
        { key: variantKey(ret), acmgClass: 'uncertain-significance' },
      ],
    });
    expect(r.flags.map((f) => [f.gene, f.variants[0].basis])).toEqual([['COL3A1', 'lab']]);
    expect(r.flags[0].reasons[1]).toMatch(/classified Likely pathogenic by the lab \(classification v2\)/);
    expect(r.notFlagged.find((n) => n.gene === 'KCNQ1')!.reason).toMatch(/0 star\(s\): at least 2 are needed/);
    expect(r.notFlagged.find((n) => n.gene === 'RET')!.reason).toMatch(/lab classified it Uncertain significance, which overrides ClinVar/);
  });

  it('biallelic-only genes (BTD): one heterozygous P variant is a carrier, homozygous or two in trans are flagged', () => {
    const btd = carrier('BTD', 'p.Arg157His');
    expect(btd.clinvar!.stars).toBe(2);
    const single = findSecondaryFindings({ consent, sfList, variants: [btd] });
    expect(single.flags).toEqual([]);
    expect(single.notFlagged[0].reason).toMatch(/BTD is reported only when biallelic.*carrier/);

    const hom = findSecondaryFindings({ consent, sfList, variants: [{ ...btd, genotype: '1/1', zygosity: 'homozygous' }] });
    expect(hom.flags.map((f) => f.gene)).toEqual(['BTD']);

    // Second BTD variant: ClinVar Pathogenic with 1 star, so it counts only once the lab classifies it.
    const second = carrier('BTD', 'p.Arg79Cys');
    const phased = (gt: string) => ({ genotype: gt, phased: true, ps: 15600000 });
    const labLp = [{ key: variantKey(second), acmgClass: 'likely-pathogenic' as const }];
    const trans = findSecondaryFindings({ consent, sfList, variants: [{ ...btd, ...phased('0|1') }, { ...second, ...phased('1|0') }], labClassifications: labLp });
    expect(trans.flags[0]).toMatchObject({ gene: 'BTD', phase: 'trans' });
    expect(trans.flags[0].variants).toHaveLength(2);
    const cis = findSecondaryFindings({ consent, sfList, variants: [{ ...btd, ...phased('0|1') }, { ...second, ...phased('0|1') }], labClassifications: labLp });
    expect(cis.flags).toEqual([]);
    expect(cis.notFlagged[0].reason).toMatch(/in cis/);
    const unphased = findSecondaryFindings({ consent, sfList, variants: [btd, second], labClassifications: labLp });
    expect(unphased.flags[0]).toMatchObject({ phase: 'unknown' });
    expect(unphased.flags[0].reasons.join(' ')).toMatch(/phase not known/);
  });

  it('HFE: only p.Cys282Tyr homozygotes (GRCh38 chr6:26092913 G>A, rs1800562); not in the ClinVar extract, so classified by the lab', () => {
    const c282y: CandidateVariantInput = {
      chrom: 'chr6', pos: 26092913, ref: 'G', alt: 'A', genotype: '1/1', zygosity: 'homozygous', phased: false, filter: 'PASS', gq: 99, dp: 40,
      consequences: [{ gene: 'HFE', transcript: 'NM_000410.4', terms: ['missense_variant'], hgvsc: 'NM_000410.4:c.845G>A', hgvsp: 'NP_000401.1:p.(Cys282Tyr)', impact: 'MODERATE' }],
      clinvar: null,
    };
    const lab = [{ key: variantKey(c282y), acmgClass: 'pathogenic' as const }];
    expect(findSecondaryFindings({ consent, sfList, variants: [c282y], labClassifications: lab }).flags[0].reasons.join(' ')).toMatch(/Homozygous p\.Cys282Tyr/);
    const het = findSecondaryFindings({ consent, sfList, variants: [{ ...c282y, zygosity: 'heterozygous', genotype: '0/1' }], labClassifications: lab });
    expect(het.flags).toEqual([]);
    expect(het.notFlagged[0].reason).toMatch(/only when homozygous; this call is heterozygous/);
    // Without a protein change in the annotation, the GRCh38 position still identifies it.
    const bare = { ...c282y, consequences: [{ ...c282y.consequences[0], hgvsp: null }] };
    expect(findSecondaryFindings({ consent, sfList, variants: [bare], labClassifications: lab }).flags).toHaveLength(1);
    const other = { ...c282y, pos: 26090951, ref: 'C', alt: 'G', consequences: [{ ...c282y.consequences[0], hgvsp: 'p.(His63Asp)' }] };
    const otherResult = findSecondaryFindings({ consent, sfList, variants: [other], labClassifications: [{ key: variantKey(other), acmgClass: 'pathogenic' }] });
    expect(otherResult.notFlagged[0].reason).toMatch(/only for homozygous p\.Cys282Tyr; this is a different variant/);
  });

  it('a call failing the quality filters is not flagged but listed with the reason', () => {
    const r = findSecondaryFindings({ consent, sfList, variants: [carrier('RET', 'p.Cys634Arg', { filter: 'LowQual' })] });
    expect(r.flags).toEqual([]);
    expect(r.notFlagged[0].reason).toMatch(/fails the quality filters.*LowQual/);
  });
});
