// The switch the lead makes when annotation is wired in: NA12878 annotated by GenoDesk's own annotator
// (issue 7, shipped GRCh38 chr21 demo transcript pack), joined to the stored rows and ranked. Only the
// demo region has transcripts, so no green panel gene is covered: this checks the plumbing and the
// reasons, not a diagnosis (the planted-variant test does that with ClinVar's consequences).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { annotateVcfFile } from '../../../electron/main/services/annotation/annotate-vcf-file.ts';
import { candidateInputFromStore } from '../../../electron/main/services/diagnosis/candidate-input.ts';
import { parsePanelAppApiPanel } from '../../../electron/main/services/diagnosis/panelapp-json.ts';
import { rankCandidates, variantKey } from '../../../electron/main/services/diagnosis/rank-candidates.ts';
import type { AnnotatedVariant } from '../../../shared/schemas/annotation.ts';
import type { VariantRow } from '../../../shared/schemas/vcf.ts';
import { readVcfText, vcfToVariants } from './helpers/vcf-variants.ts';

const NA12878 = path.join(SHARED_DATA, 'vcf/platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');

describe("ranking on GenoDesk's own annotation", () => {
  it('NA12878 chr21 annotated with the demo transcript pack: consequences, MANE flags and reasons flow through', async () => {
    const annotated = new Map<string, AnnotatedVariant>();
    await annotateVcfFile({
      vcf: NA12878,
      packs: { transcripts: path.join(RESOURCES, 'packs/grch38-chr21-ensembl84-demo') },
      onVariant: (v) => annotated.set(variantKey(v), v),
    });
    const zyg = { heterozygous: 'het', homozygous: 'hom-alt', hemizygous: 'hemi-alt', reference: 'hom-ref', unknown: 'no-call' } as const;
    const inputs = vcfToVariants(readVcfText(NA12878)).map((v, i) => {
      const row: VariantRow = {
        id: `imp:${i}`, importId: 'imp', chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt, ids: [], genotype: v.genotype, zygosity: zyg[v.zygosity],
        phased: v.phased, phaseSet: null, filter: v.filter === '.' ? null : v.filter, quality: null, genotypeQuality: null, depth: null, alleleDepths: null,
        info: {}, genes: [], original: null,
      };
      return candidateInputFromStore(row, annotated.get(variantKey(v)) ?? null);
    });
    const panel = parsePanelAppApiPanel(JSON.parse(fs.readFileSync(path.join(SHARED_DATA, 'panels/panelapp/api_panel_details/panel_541.json'), 'utf8')));
    const result = rankCandidates({ variants: inputs, panels: [panel], geneRegionFallback: false });

    const annotatedInputs = inputs.filter((v) => v.consequences.length > 0);
    expect(annotatedInputs.length).toBeGreaterThan(500);
    expect(result.summary.tier1 + result.summary.tier2).toBe(0);
    // CSTB is red on panel 541: its variants are shown in tier 3, saying so, with the annotator as source.
    const cstb = result.candidates.filter((c) => c.gene === 'CSTB');
    expect(cstb.length).toBeGreaterThan(0);
    for (const c of cstb) {
      expect(c).toMatchObject({ tier: 3, consequenceSource: 'genodesk-annotator' });
      expect(c.reasons[0].text).toMatch(/rated red/);
      expect(c.reasons.some((r) => /molecular-consequence field/.test(r.text))).toBe(false);
    }
    // Protein-altering variants off the panel are tier 3; non-coding ones off the panel are not candidates.
    for (const c of result.candidates.filter((x) => x.panels.length === 0)) expect(c.consequenceClass).toBe('protein-altering');
    expect(result.summary.notRelevant).toBeGreaterThan(0);
  });
});
