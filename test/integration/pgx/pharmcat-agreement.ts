// Agreement with PharmCAT, case by case. Expected values come only from PharmCAT's own files in
// shared/data/pgx/pharmcat (expected_matcher_calls.tsv transcribed from its tests, the worked example's
// .match.json / .phenotype.json / .report.json, and test-resource truth tables), never from this code.
// Used by the agreement tests and by scripts/pgx-agreement.ts (the table).
import fs from 'node:fs';
import path from 'node:path';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { defaultPgxData, type PgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import { genotypeSourceFromRecords, genotypeSourceFromVcfFile, type VcfRecordGenotype } from '../../../electron/main/services/pgx/genotype-source.ts';
import { callGene } from '../../../electron/main/services/pgx/named-allele-matcher.ts';
import { pgxPositionIndex, readOutsideCallFile, runPgx, runPgxFromVcf } from '../../../electron/main/services/pgx/pgx-engine.ts';
import { htmlToText } from '../../../electron/main/services/pgx/recommendations.ts';
import type { PgxMatchOptions, PgxResult } from '../../../shared/schemas/pgx.ts';

export const PHARMCAT = path.join(SHARED_DATA, 'pgx', 'pharmcat');
export const EXAMPLE_VCF = path.join(PHARMCAT, 'examples', 'pharmcat.example.vcf');
export const EXAMPLE_OUTSIDE = path.join(PHARMCAT, 'examples', 'pharmcat.example.outsideCall.tsv');

export interface AgreementCase {
  group: string;
  gene: string;
  id: string;
  expected: string;
  actual: string;
  agreed: boolean;
  /** Why a disagreement is expected (data not bundled, guideline data version), if it is. */
  knownDifference?: string;
}

const OPTS: PgxMatchOptions = { topCandidateOnly: true, findCombinations: false, withExemptions: true, callCyp2d6: true };

export interface MatcherCaseRow {
  caseId: string;
  gene: string;
  vcf: string;
  expected: string[];
  options: PgxMatchOptions;
}

export function matcherCaseRows(): MatcherCaseRow[] {
  const lines = fs.readFileSync(path.join(PHARMCAT, 'expected_matcher_calls.tsv'), 'utf8').trim().split('\n');
  const head = lines[0].split('\t');
  return lines.slice(1).map((l) => {
    const f = Object.fromEntries(l.split('\t').map((v, i) => [head[i], v]));
    const exp = f.expected_diplotypes === '(no call)' ? [] : f.expected_diplotypes.split(' | ');
    return {
      caseId: f.case_id,
      gene: f.gene,
      vcf: path.join(PHARMCAT, f.vcf),
      expected: exp,
      options: { topCandidateOnly: f.topCandidateOnly === 'True', findCombinations: f.findCombinations === 'True', withExemptions: f.withExemptions === 'True', callCyp2d6: true },
    };
  });
}

export async function callFromVcf(vcf: string, gene: string, options: PgxMatchOptions, data: PgxData = defaultPgxData(), sample?: string): Promise<string[]> {
  const source = await genotypeSourceFromVcfFile(vcf, { positions: pgxPositionIndex(data), sample });
  return callGene(data, gene, source, options).diplotypes.map((d) => d.name);
}

export async function matcherCases(): Promise<AgreementCase[]> {
  const out: AgreementCase[] = [];
  for (const row of matcherCaseRows()) {
    const actual = await callFromVcf(row.vcf, row.gene, row.options);
    out.push({ group: 'expected_matcher_calls.tsv', gene: row.gene, id: row.caseId, expected: row.expected.join(' | '), actual: actual.join(' | '), agreed: actual.join(' | ') === row.expected.join(' | ') });
  }
  return out;
}

let exampleResult: Promise<PgxResult> | null = null;
export function runExample(): Promise<PgxResult> {
  exampleResult ??= runPgxFromVcf(EXAMPLE_VCF, { outsideCallFile: EXAMPLE_OUTSIDE });
  return exampleResult;
}

interface MatchJson {
  results: { gene: string; diplotypes: { name: string }[] }[];
}

export async function exampleDiplotypeCases(): Promise<AgreementCase[]> {
  const expected = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'examples', 'pharmcat.example.match.json'), 'utf8')) as MatchJson;
  const r = await runExample();
  return expected.results.map((e) => {
    const g = r.genes.find((x) => x.gene === e.gene);
    const exp = e.diplotypes.map((d) => d.name).join(' | ');
    const act = g ? g.diplotypes.join(' | ') : '(gene missing)';
    return { group: 'example .match.json', gene: e.gene, id: `example-${e.gene}`, expected: exp, actual: act, agreed: exp === act };
  });
}

interface PhenotypeJson {
  geneReports: Record<string, { callSource: string; sourceDiplotypes: { label: string; phenotypes: string[]; activityScore: string | null }[] }>;
}

/** Genes whose phenotype tables PharmCAT has but this bundle does not (see PROVENANCE: ≥4 MiB files). */
export const PHENOTYPE_NOT_BUNDLED = new Set<string>();

export async function examplePhenotypeCases(): Promise<AgreementCase[]> {
  const expected = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'examples', 'pharmcat.example.phenotype.json'), 'utf8')) as PhenotypeJson;
  const r = await runExample();
  const out: AgreementCase[] = [];
  for (const [gene, rep] of Object.entries(expected.geneReports)) {
    if (rep.callSource === 'NONE') continue; // HLA-A: no data and no outside call in the example
    const exp = rep.sourceDiplotypes.map((d) => `${d.phenotypes.join(', ')}${d.activityScore ? ` [${d.activityScore}]` : ''}`).join(' | ');
    const g = r.genes.find((x) => x.gene === gene);
    const act = g ? g.diplotypeDetails.map((d) => `${d.phenotypes.join(', ')}${d.activityScore ? ` [${d.activityScore}]` : ''}`).join(' | ') : '(gene missing)';
    out.push({
      group: 'example .phenotype.json',
      gene,
      id: `example-phenotype-${gene}`,
      expected: exp,
      actual: act,
      agreed: exp === act,
      knownDifference: PHENOTYPE_NOT_BUNDLED.has(gene) ? `${gene} phenotype table not in the bundled data (not obtainable); no phenotype assigned, with a warning` : undefined,
    });
  }
  return out;
}

interface ReportAnnotation {
  lookupKey: Record<string, string | Record<string, number>>[] | null;
  classification: string | null;
  population: string | null;
  drugRecommendation: string | null;
}
interface ReportJson {
  drugs: Record<string, Record<string, { guidelines: { name: string; annotations: ReportAnnotation[] }[] }>>;
}

function keyString(k: Record<string, string | Record<string, number>>): string {
  return Object.keys(k).sort().map((g) => {
    const v = k[g];
    return `${g}=${typeof v === 'string' ? v : Object.entries(v).sort().map(([a, c]) => `${a}x${c}`).join('+')}`;
  }).join(';');
}

/** DPWG annotations PharmCAT 3.1 labels "Unspecified" are "N/A" in the 2024-03 guideline files. */
function classificationOf(c: string | null): string {
  if (c === null || c === 'N/A' || c === 'Unspecified') return 'Unspecified';
  return c;
}

const normText = (s: string | null) => htmlToText(s ?? '').replace(/\s+/g, ' ').trim().toLowerCase();

export interface RecommendationComparison extends AgreementCase {
  textIdentical: boolean | null;
}

/** Genes whose recommendations cannot be reproduced without PharmCAT data this bundle lacks. */
function knownRecommendationDifference(genes: string[], inOurData: boolean, expectedKeys: string[]): string | undefined {
  if (!inOurData) return 'drug/guideline not in the bundled 2024-03 guideline data (added to PharmCAT later)';
  if (expectedKeys.length > 0 && expectedKeys.every((k) => k === '')) return 'PharmCAT 3.1 shows a general (genotype-independent) note here; the 2024-03 guideline data has no recommendation for it';
  const missing = genes.filter((g) => PHENOTYPE_NOT_BUNDLED.has(g));
  if (missing.length) return `${missing.join(', ')} phenotype table not bundled, so its recommendations are withheld`;
  return undefined;
}

export async function exampleRecommendationCases(): Promise<RecommendationComparison[]> {
  const expected = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'examples', 'pharmcat.example.report.json'), 'utf8')) as ReportJson;
  const r = await runExample();
  const data = defaultPgxData();
  const out: RecommendationComparison[] = [];
  for (const [sourceLabel, source] of [['CPIC Guideline Annotation', 'CPIC'], ['DPWG Guideline Annotation', 'DPWG']] as const) {
    for (const [drug, entry] of Object.entries(expected.drugs[sourceLabel])) {
      for (const gl of entry.guidelines) {
        const genes = /and ([A-Z0-9, -]+)$/.exec(gl.name)?.[1].split(/,\s*/) ?? [];
        const inOurData = data.allGuidelines().some((g) => g.guideline.source.toUpperCase().includes(source) && g.guideline.relatedChemicals.some((c) => c.name === drug) && genes.every((x) => g.guideline.relatedGenes.some((rg) => rg.symbol === x)));
        const expAnn = gl.annotations.map((a) => ({ key: keyString(a.lookupKey?.[0] ?? {}), pop: a.population ?? null, cls: classificationOf(a.classification), text: normText(a.drugRecommendation) }));
        const ours = r.recommendations.filter((x) => x.drug === drug && x.source === source && genes.length > 0 && x.genes.every((g) => genes.includes(g)));
        // Older guideline files spell some keys differently (DPWG DPYD "2.0 (Normal Metabolizer)", DPWG CYP2C9
        // by phenotype); relabel each of our keys to the patient's primary key for that gene before comparing.
        const canonical = (k: Record<string, string>) => {
          const out: Record<string, string> = {};
          for (const [g, v] of Object.entries(k)) {
            if (g.startsWith('HLA-')) {
              // HLA keys are several simultaneous allele-status results, not alternative spellings
              out[g] = v;
              continue;
            }
            const detail = r.genes.find((x) => x.gene === g)?.diplotypeDetails.find((d) => d.lookupKeys[source].includes(v));
            out[g] = detail ? detail.lookupKeys[source][0] : v;
          }
          return out;
        };
        const actAnn = ours.map((a) => ({ key: keyString(canonical(a.lookupKey)), pop: source === 'DPWG' ? null : a.population, cls: classificationOf(a.classification), text: normText(a.recommendation) }));
        const fmt = (xs: { key: string; pop: string | null; cls: string }[]) => xs.map((x) => `${x.key} [${x.pop ?? '-'}] ${x.cls}`).sort().join(' | ') || '(none)';
        const exp = fmt(expAnn);
        const act = fmt(actAnn);
        const textIdentical = expAnn.length === 0 ? null : expAnn.every((e) => actAnn.some((a) => a.key === e.key && a.pop === e.pop && a.text === e.text));
        out.push({ group: `example .report.json ${source}`, gene: genes.join('+'), id: `${source}-${drug}-${genes.join('+')}`, expected: exp, actual: act, agreed: exp === act, knownDifference: exp === act ? undefined : knownRecommendationDifference(genes, inOurData, expAnn.map((e) => e.key)), textIdentical });
      }
    }
  }
  return out;
}

/** test-resources/haplotype/NAT2/tests.tsv: synthetic NAT2 genotypes with PharmCAT's expected output and pick. */
export function nat2TruthRows(): { missing: string; genotypes: Record<string, string>; output: string[]; pick: string | null }[] {
  const lines = fs.readFileSync(path.join(PHARMCAT, 'test-resources', 'haplotype', 'NAT2', 'tests.tsv'), 'utf8').trim().split('\n');
  const head = lines[0].split('\t');
  return lines.slice(1).map((l) => {
    const f = l.split('\t');
    const genotypes: Record<string, string> = {};
    for (let i = 2; i <= 6; i++) genotypes[head[i]] = f[i];
    const output = f[7] === 'not called' ? [] : f[7].split(' or ').map((s) => s.trim());
    return { missing: f[0], genotypes, output, pick: f[8]?.trim() || null };
  });
}

/** Builds a sample from the NAT2 truth row: the five listed SNPs as given, every other position reference. */
export function nat2Source(row: ReturnType<typeof nat2TruthRows>[number], data: PgxData = defaultPgxData()) {
  const def = data.definition('NAT2');
  const missingRsids = new Set([...row.missing.matchAll(/rs\d+/g)].map((m) => m[0]));
  const records: VcfRecordGenotype[] = [];
  for (const v of def.variants) {
    if (v.rsid && missingRsids.has(v.rsid)) continue;
    const gtText = v.rsid ? row.genotypes[v.rsid] : undefined;
    let gt: (number | null)[] = [0, 0];
    if (gtText) {
      gt = gtText.split('/').map((b) => (b === v.ref ? 0 : v.alts.indexOf(b) + 1));
    }
    records.push({ chrom: v.chromosome, pos: v.position, ref: v.ref, alts: v.alts, gt, phased: false, ps: null });
  }
  return genotypeSourceFromRecords(records, [], 'GRCh38');
}

/** Mirrors PharmCAT's NamedAlleleMatcherNat2Test: a row with a pick must give exactly the pick; otherwise the ordered list. */
export function nat2Cases(data: PgxData = defaultPgxData()): AgreementCase[] {
  return nat2TruthRows().map((row, i) => {
    const source = nat2Source(row, data);
    const call = callGene(data, 'NAT2', source, OPTS);
    const expectedNames = row.pick ? [row.pick] : row.output;
    const actual = call.diplotypes.map((d) => d.name);
    const candidates = call.alternativeDiplotypes.map((d) => d.name);
    const agreed = actual.join(' | ') === expectedNames.join(' | ');
    return {
      group: 'NAT2 tests.tsv',
      gene: 'NAT2',
      id: `nat2-row-${i + 2}`,
      expected: `${expectedNames.join(' | ') || '(not called)'}${row.pick ? ` (picked from ${row.output.join(', ')})` : ''}`,
      actual: `${actual.join(' | ') || '(not called)'}${candidates.length ? ` (picked from ${candidates.join(', ')})` : ''}`,
      agreed,
    };
  });
}

/** Per-gene haplotype VCFs whose file name states PharmCAT's expected call (e.g. s1s15.vcf = *1/*15). */
export const NAMED_VCF_CASES: { gene: string; file: string; expected: string; stale?: string }[] = [
  { gene: 'CYP2B6', file: 'CYP2B6/s1s1.vcf', expected: '*1/*1' },
  { gene: 'CYP2B6', file: 'CYP2B6/s1s34.vcf', expected: '*1/*34' },
  { gene: 'NUDT15', file: 'NUDT15/refref.vcf', expected: '*1/*1' },
  { gene: 'NUDT15', file: 'NUDT15/s2ref.vcf', expected: '*1/*2' },
  { gene: 'NUDT15', file: 'NUDT15/s3ref.vcf', expected: '*1/*3' },
  { gene: 'SLCO1B1', file: 'SLCO1B1/s1s1.vcf', expected: '*1/*1' },
  { gene: 'SLCO1B1', file: 'SLCO1B1/s1s15.vcf', expected: '*1/*15' },
  { gene: 'SLCO1B1', file: 'SLCO1B1/s1s44.vcf', expected: '*1/*44' },
  { gene: 'SLCO1B1', file: 'SLCO1B1/s2s2.vcf', expected: '*2/*2' },
  { gene: 'SLCO1B1', file: 'SLCO1B1/s5s15.vcf', expected: '*5/*15' },
  { gene: 'SLCO1B1', file: 'SLCO1B1/s5s45.vcf', expected: '*5/*45', stale: 'file-name hint predates the 2025-11 definitions, which split *45 into *45.001 and *45.002' },
  { gene: 'CYP2C9', file: 'cyp2c9/s1s1.vcf', expected: '*1/*1' },
  { gene: 'CYP2C9', file: 'cyp2c9/s1s61.vcf', expected: '*1/*61' },
  { gene: 'CYP2C9', file: 'cyp2c9/s2s3.vcf', expected: '*2/*3' },
  { gene: 'CYP2C9', file: 'cyp2c9/s24s24.vcf', expected: '*24/*24' },
  { gene: 'CYP2C9', file: 'cyp2c9/s2s24.vcf', expected: '*2/*24' },
  { gene: 'CYP2C9', file: 'cyp2c9/s2s25.vcf', expected: '*2/*25' },
  { gene: 'CYP2C19', file: 'cyp2c19/s1s2.vcf', expected: '*1/*2' },
  { gene: 'CYP2C19', file: 'cyp2c19/s2s2.vcf', expected: '*2/*2' },
  { gene: 'CYP2C19', file: 'cyp2c19/s2s3.vcf', expected: '*2/*3' },
  { gene: 'CYP2C19', file: 'cyp2c19/s1s17.vcf', expected: '*1/*17', stale: 'file lacks rs3758581, the only position separating *1 from *38 (the CYP2C19 reference allele in current definitions); the file-name hint predates *38' },
  { gene: 'CYP2C19', file: 'cyp2c19/s1s28.vcf', expected: '*1/*28' },
  { gene: 'CYP2C19', file: 'cyp2c19/s1s35.vcf', expected: '*1/*35', stale: 'file lacks rs3758581, the only position separating *1 from *38 (the CYP2C19 reference allele in current definitions); the file-name hint predates *38' },
  { gene: 'CYP2C19', file: 'cyp2c19/s15s28.vcf', expected: '*15/*28', stale: 'file lacks rs17885179, the only position separating *15 from *39, so both are listed' },
  { gene: 'CYP3A5', file: 'cyp3a5/s1s1.vcf', expected: '*1/*1' },
  { gene: 'CYP3A5', file: 'cyp3a5/s3s5-homozygous.vcf', expected: '*3/*5', stale: "*5's defining position (rs55965422) is not in the 2025-11 CYP3A5 definitions, so *5 cannot be called" },
  { gene: 'CYP4F2', file: 'cyp4f2/s1s1.vcf', expected: '*1/*1' },
  { gene: 'TPMT', file: 'TPMT/s1s1.vcf', expected: '*1/*1' },
  { gene: 'UGT1A1', file: 'UGT1A1/s28s37.vcf', expected: '*28/*37' },
];

export async function namedVcfCases(): Promise<AgreementCase[]> {
  const out: AgreementCase[] = [];
  for (const c of NAMED_VCF_CASES) {
    const actual = await callFromVcf(path.join(PHARMCAT, 'test-resources', 'haplotype', c.file), c.gene, OPTS);
    const agreed = actual.join(' | ') === c.expected;
    out.push({ group: 'test-resources file names (hints)', gene: c.gene, id: c.file, expected: c.expected, actual: actual.join(' | '), agreed, knownDifference: agreed ? undefined : c.stale });
  }
  return out;
}

/** test-resources/phenotype/*.match.json: PharmCAT's matcher output for per-gene VCFs (2023-10 definitions). */
export const PHENOTYPE_MATCH_FILES: { json: string; vcf: string; stale?: string }[] = [
  { json: 'Cyp2C19Het.match.json', vcf: 'haplotype/cyp2c19/s4s17het.vcf', stale: 'made with 2023-10 definitions; in the 2025-11 definitions *1 requires rs12248560 C and this sample is T/T, so *4/*17 is the only fit' },
  { json: 'Cyp2C19s2s2.match.json', vcf: 'haplotype/cyp2c19/s2s2.vcf' },
  { json: 'NUDT15ref.match.json', vcf: 'haplotype/NUDT15/refref.vcf' },
  { json: 'NUDT15s3.match.json', vcf: 'haplotype/NUDT15/s3ref.vcf' },
  { json: 'UGT1A1s1s60s80phased.match.json', vcf: 'haplotype/UGT1A1/s1s60s80phased.vcf' },
  { json: 'UGT1A1s1s60s80unphased.match.json', vcf: 'haplotype/UGT1A1/s1s60s80unphased.vcf' },
];

export async function phenotypeMatchFileCases(): Promise<AgreementCase[]> {
  const out: AgreementCase[] = [];
  for (const f of PHENOTYPE_MATCH_FILES) {
    const expected = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'test-resources', 'phenotype', f.json), 'utf8')) as MatchJson;
    for (const res of expected.results) {
      if (res.diplotypes.length === 0) continue;
      const actual = await callFromVcf(path.join(PHARMCAT, 'test-resources', f.vcf), res.gene, OPTS);
      const exp = res.diplotypes.map((d) => d.name).join(' | ');
      const agreed = exp === actual.join(' | ');
      out.push({
        group: 'test-resources phenotype/*.match.json (2023-10 data)',
        gene: res.gene,
        id: f.json,
        expected: exp,
        actual: actual.join(' | '),
        agreed,
        knownDifference: agreed ? undefined : f.stale,
      });
    }
  }
  return out;
}

export async function allAgreementCases(): Promise<AgreementCase[]> {
  return [
    ...(await matcherCases()),
    ...(await exampleDiplotypeCases()),
    ...(await examplePhenotypeCases()),
    ...(await exampleRecommendationCases()),
    ...nat2Cases(),
    ...(await namedVcfCases()),
    ...(await phenotypeMatchFileCases()),
  ];
}

export { readOutsideCallFile, runPgx };
