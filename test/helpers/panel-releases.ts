// Two releases of a real PanelApp panel for reanalysis tests. Shared data holds one release of each panel
// (the PanelApp API export of panel 504, Inherited polyposis and early onset colorectal cancer, v3.11), so
// the newer release is derived from it by a documented edit:
//  - version 3.11 → 3.12;
//  - the first green gene is removed (left the panel);
//  - the second green gene is downgraded to amber (confidence_level 3 → 2: rating changed);
//  - BRCA2, copied whole from the real panel 635 export, is added green (entered the panel).
// `sites` are one position inside each of those genes and in an unchanged green gene (PanelApp's own GRCh38
// coordinates, gene_data.ensembl_genes.GRch38), plus one between genes, in VCF order.
import fs from 'node:fs';
import path from 'node:path';
import type { GenoDesk } from '../../electron/main/composition.ts';
import { SHARED_DATA } from './paths.ts';

const DETAILS = path.join(SHARED_DATA, 'panels', 'panelapp', 'api_panel_details');

export interface ApiGene {
  entity_name: string;
  confidence_level: string | number;
  gene_data: { ensembl_genes: { GRch38?: Record<string, { location: string }> } };
}
interface ApiPanel {
  id: number;
  name: string;
  version: string;
  genes: ApiGene[];
  [k: string]: unknown;
}

const readApi = (id: number) => JSON.parse(fs.readFileSync(path.join(DETAILS, `panel_${id}.json`), 'utf8')) as ApiPanel;

/** The middle of a gene on GRCh38, as PanelApp gives its location. */
export function geneMiddle(g: ApiGene): { chrom: string; pos: number } {
  const [chrom, range] = Object.values(g.gene_data.ensembl_genes.GRch38 ?? {})[0].location.split(':');
  const [start, end] = range.split('-').map(Number);
  return { chrom, pos: Math.floor((start + end) / 2) };
}

export function panelReleases(dir: string) {
  const v1 = readApi(504);
  const green = v1.genes.filter((g) => String(g.confidence_level) === '3');
  const [leaving, downgraded, unchanged] = green;
  const entering = readApi(635).genes.find((g) => g.entity_name === 'BRCA2') as ApiGene;
  const v2: ApiPanel = {
    ...v1,
    version: '3.12',
    genes: [...v1.genes.filter((g) => g !== leaving).map((g) => (g === downgraded ? { ...g, confidence_level: '2' } : g)), entering],
  };
  const files = { v1: path.join(dir, 'panel_504_v3.11.json'), v2: path.join(dir, 'panel_504_v3.12.json') };
  fs.writeFileSync(files.v1, JSON.stringify(v1));
  fs.writeFileSync(files.v2, JSON.stringify(v2));
  const sites = [geneMiddle(leaving), geneMiddle(downgraded), geneMiddle(unchanged), geneMiddle(entering), { chrom: '1', pos: 1_000_000 }].sort(
    (a, b) => a.chrom.localeCompare(b.chrom, 'en', { numeric: true }) || a.pos - b.pos,
  );
  const vcf = path.join(dir, 'panel-patient.vcf');
  fs.writeFileSync(
    vcf,
    [
      '##fileformat=VCFv4.2',
      '##reference=GRCh38',
      '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
      ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', 'S1'].join('\t'),
      ...sites.map((s) => [s.chrom, s.pos, '.', 'A', 'G', '50', 'PASS', '.', 'GT', '0/1'].join('\t')),
    ].join('\n') + '\n',
  );
  return { name: v1.name, files, vcf, genes: { leaving, downgraded, unchanged, entering } };
}

/** Sites written per row: position, alleles, genotype, FILTER, VEP consequence and IMPACT, gnomAD AF (null: not in the pack). */
interface ScreenSite {
  chrom: string;
  pos: number;
  gene: string;
  gt: string;
  filter: string;
  consequence: string;
  impact: string;
  gnomadAf: number | null;
}

const CSQ_FORMAT = 'Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|CANONICAL';

/**
 * A whole-genome-like patient for the panel screen: in the gene that entered the panel (BRCA2, monoallelic, so
 * the 0.001 frequency threshold) one stop-gained and one rare missense variant worth re-reviewing, and the noise
 * a genome carries there: 20 rare intronic, 6 common intronic (gnomAD AF 0.12), 2 synonymous, a missense failing
 * FILTER and a missense not carried (0/0). In the gene that left the panel a missense and an intronic variant, in
 * the downgraded one a missense variant, in the unchanged one a stop-gained (not a change). Consequences
 * are the VCF's own VEP CSQ field (the shipped transcript pack covers chr21 only), written by this helper; the
 * frequencies are a gnomAD v4 sites VCF (the real example file's header) installed as a frequency pack.
 */
export function screenedPatient(dir: string, genes: { leaving: ApiGene; downgraded: ApiGene; unchanged: ApiGene; entering: ApiGene }) {
  const entering = geneMiddle(genes.entering);
  const at = (i: number) => entering.pos - 30_000 + i * 1_000;
  const site = (pos: number, consequence: string, impact: string, rest: Partial<ScreenSite> = {}): ScreenSite => ({
    chrom: entering.chrom, pos, gene: genes.entering.entity_name, gt: '0/1', filter: 'PASS', consequence, impact, gnomadAf: null, ...rest,
  });
  const other = (g: ApiGene, offset: number, consequence: string, impact: string): ScreenSite[] => {
    const m = geneMiddle(g);
    return [{ chrom: m.chrom, pos: m.pos + offset, gene: g.entity_name, gt: '0/1', filter: 'PASS', consequence, impact, gnomadAf: null }];
  };
  const stop = site(at(0), 'stop_gained', 'HIGH');
  const missense = site(at(1), 'missense_variant', 'MODERATE');
  const sites: ScreenSite[] = [
    stop,
    missense,
    ...Array.from({ length: 20 }, (_, i) => site(at(2 + i), 'intron_variant', 'MODIFIER')),
    ...Array.from({ length: 6 }, (_, i) => site(at(22 + i), 'intron_variant', 'MODIFIER', { gnomadAf: 0.12 })),
    site(at(28), 'synonymous_variant', 'LOW'),
    site(at(29), 'synonymous_variant', 'LOW'),
    site(at(30), 'missense_variant', 'MODERATE', { filter: 'LowQual' }),
    site(at(31), 'missense_variant', 'MODERATE', { gt: '0/0' }),
    ...other(genes.leaving, 0, 'missense_variant', 'MODERATE'),
    ...other(genes.leaving, 100, 'intron_variant', 'MODIFIER'),
    ...other(genes.downgraded, 0, 'missense_variant', 'MODERATE'),
    ...other(genes.unchanged, 0, 'stop_gained', 'HIGH'),
  ].sort((a, b) => a.chrom.localeCompare(b.chrom, 'en', { numeric: true }) || a.pos - b.pos);
  const vcf = path.join(dir, 'screened-patient.vcf');
  fs.writeFileSync(
    vcf,
    [
      '##fileformat=VCFv4.2',
      '##reference=GRCh38',
      '##FILTER=<ID=LowQual,Description="Low quality">',
      `##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: ${CSQ_FORMAT}">`,
      '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
      ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', 'S1'].join('\t'),
      ...sites.map((s) => [s.chrom, s.pos, '.', 'A', 'G', '50', s.filter, `CSQ=G|${s.consequence}|${s.impact}|${s.gene}|.|Transcript|.|protein_coding|YES`, 'GT', s.gt].join('\t')),
    ].join('\n') + '\n',
  );
  const gnomadExample = path.join(SHARED_DATA, 'population', 'gnomad-examples', 'example-genomes-grch38_v4.0.gnomad-genomes.vcf');
  const header = fs.readFileSync(gnomadExample, 'utf8').split('\n').filter((l) => l.startsWith('#'));
  const gnomad = path.join(dir, 'screen.gnomad-genomes.vcf');
  const common = sites.filter((s) => s.gnomadAf !== null);
  fs.writeFileSync(
    gnomad,
    [...header, ...common.map((s) => [`chr${s.chrom}`, s.pos, '.', 'A', 'G', '.', 'PASS', `AC=9600;AN=80000;AF=${s.gnomadAf};nhomalt=500;AF_grpmax=0.2;grpmax=nfe`].join('\t'))].join('\n') + '\n',
  );
  return { vcf, gnomad, stop, missense, inEntering: sites.filter((s) => s.gene === genes.entering.entity_name).length };
}

/**
 * A case on panel 504's first release: the patient registered with the screened genome imported, the demo
 * transcript pack (annotating the import when `annotate`), the gnomAD pack and panel release 3.11 installed,
 * and a referral naming the panel. Returns the patient's id.
 */
export async function panelCase(
  app: GenoDesk,
  files: { vcf: string; gnomad: string; v1: string },
  who: { familyName: string; givenName: string },
  annotate: boolean,
): Promise<string> {
  const patientId = app.patients.create({ nhsNumber: '9434765919', ...who, birthDate: '1980-01-01', sex: 'female' }).id;
  await app.imports.importVcf({ file: files.vcf, patientId, build: 'GRCh38' });
  await app.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
  if (annotate) await app.annotation.annotate({ patientId });
  await app.packs.install({ paths: [files.gnomad] });
  await app.packs.install({ paths: [files.v1] });
  app.diagnosis.referral.save({ patientId, clinicalIndication: 'Colorectal polyposis', hpoTerms: [], panels: [{ id: '504' }] });
  return patientId;
}
