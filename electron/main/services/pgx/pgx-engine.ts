// The pharmacogenomics service: genotypes (file or store) + outside calls -> diplotypes, phenotypes and
// CPIC/DPWG recommendations, with the data versions used. Pure: no database, no Electron, no globals other
// than the read-only reference bundle; the CLI (`pgx --vcf`, `pgx --patient`), the app and the tests call it.
import fs from 'node:fs';
import { AppError } from '../../../../shared/errors.ts';
import type {
  PgxDiplotypeDetail,
  PgxGeneResult,
  PgxMatchOptions,
  PgxPosition,
  PgxResult,
  PgxWarning,
} from '../../../../shared/schemas/pgx.ts';
import { defaultPgxData, type DefinitionVariant, type GuidelineSource, type PgxData } from './pgx-data.ts';
import { buildPositionIndex, genotypeSourceFromVcfFile, type PgxGenotypeSource, type PgxPositionIndex } from './genotype-source.ts';
import { callGene, LOWEST_FUNCTION_GENES, type GeneCall } from './named-allele-matcher.ts';
import { isActivityGene, knowsAllele, lowestFunctionComponent, lowestTwo, phenotypeDiplotype, NOT_APPLICABLE } from './phenotyper.ts';
import { parseOutsideCalls, type ValidatedOutsideCall } from './outside-calls.ts';
import { matchRecommendations } from './recommendations.ts';
import { isStructuralName, phenotypeCyp2d6Structural } from './cyp2d6-structural.ts';

export interface RunPgxInput {
  /** Genotypes; null when only outside calls are given. */
  source: PgxGenotypeSource | null;
  outsideCalls?: readonly ValidatedOutsideCall[];
  options?: Partial<PgxMatchOptions>;
  data?: PgxData;
}

const positionIndexCache = new WeakMap<PgxData, PgxPositionIndex>();

/** Every position a PGx call can use (definition positions and exemption extra positions), for readers. */
export function pgxPositionIndex(data: PgxData = defaultPgxData()): PgxPositionIndex {
  let idx = positionIndexCache.get(data);
  if (!idx) {
    const positions: { chrom: string; pos: number; refLength: number }[] = [];
    for (const gene of data.genes) {
      for (const v of data.definition(gene).variants) positions.push({ chrom: v.chromosome, pos: v.position, refLength: v.ref.length });
      for (const v of data.exemption(gene)?.extraPositions ?? []) positions.push({ chrom: v.chromosome, pos: v.position, refLength: v.ref.length });
    }
    idx = buildPositionIndex(positions);
    positionIndexCache.set(data, idx);
  }
  return idx;
}

function pos(v: DefinitionVariant): PgxPosition {
  return { chrom: v.chromosome, pos: v.position, rsid: v.rsid };
}

interface MessageRule {
  rule_name: string;
  exception_type: string;
  matches: { gene: string | null; hapsCalled?: string[]; hapsMissing?: string[]; variantsMissing?: string[]; dips?: string[]; drugs?: string[] };
  message: string;
}

function stripHtml(s: string): string {
  return s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
}

/** PharmCAT's curated per-gene caveats (reporter/messages.json) that apply to this call. */
function geneMessages(data: PgxData, call: GeneCall): PgxWarning[] {
  const out: PgxWarning[] = [];
  const dipNames = call.diplotypes.map((d) => d.name);
  const hapNames = new Set(call.diplotypes.flatMap((d) => [d.hap1, d.hap2].filter((h) => h !== null).flatMap((h) => h.componentHaplotypes.map((c) => c.name))));
  for (const n of call.haplotypeList) hapNames.add(n);
  const missingRsids = new Set(call.data.missing.map((v) => v.rsid));
  for (const m of data.messages() as MessageRule[]) {
    if (m.matches.gene !== call.gene || !m.message) continue;
    if (m.exception_type === 'report-as-genotype') continue;
    if (m.exception_type === 'non-match' && call.status !== 'not-called') continue;
    const mm = m.matches;
    if (mm.dips?.length && (call.data.isPhased || !mm.dips.some((d) => dipNames.includes(d)))) continue;
    if (mm.hapsCalled?.length && !mm.hapsCalled.flatMap((h) => h.split(/;\s*/)).some((h) => hapNames.has(h))) continue;
    if (mm.hapsMissing?.length && !mm.hapsMissing.some((h) => call.data.uncallable.includes(h))) continue;
    if (mm.variantsMissing?.length && !mm.variantsMissing.some((r) => missingRsids.has(r))) continue;
    if (m.exception_type === 'note' && mm.drugs?.length) continue; // drug notes go with the recommendation
    if (call.status === 'no-data') continue;
    out.push({ code: m.rule_name, severity: m.exception_type === 'ambiguity' || m.exception_type === 'gene-specific warnings' ? 'warning' : 'info', message: stripHtml(m.message) });
  }
  return out;
}

function versionNotes(data: PgxData, gene: string): PgxWarning[] {
  if (!data.hasDefinition(gene)) return [];
  const p = data.phenotype(gene, 'CPIC');
  if (!p) return [];
  const newer = data.definition(gene).namedAlleles.map((n) => n.name).filter((n) => !knowsAllele(p, n));
  if (newer.length === 0) return [];
  const own = data.phenotypeVersion(gene, 'CPIC');
  const phenoVersion = own ? `${own.version}, ${own.commitDate}` : p.version ?? data.dataVersions().phenotypes.version;
  return [{
    code: 'definitions-newer-than-phenotypes',
    severity: 'info',
    message: `${newer.length} ${gene} allele definition${newer.length > 1 ? 's' : ''} (${newer.slice(0, 6).join(', ')}${newer.length > 6 ? ', …' : ''}) ${newer.length > 1 ? 'are' : 'is'} newer than the phenotype data (${phenoVersion}); a call using ${newer.length > 1 ? 'them' : 'it'} gets no phenotype or recommendation rather than a guessed one.`,
  }];
}

/** Keys the bundled guidelines use per gene and source: a key they never use cannot give a recommendation. */
function guidelineKeys(data: PgxData): Record<GuidelineSource, Map<string, Set<string>>> {
  const out: Record<GuidelineSource, Map<string, Set<string>>> = { CPIC: new Map(), DPWG: new Map() };
  for (const g of data.allGuidelines()) {
    const src: GuidelineSource = g.guideline.source.toUpperCase().includes('DPWG') ? 'DPWG' : 'CPIC';
    for (const r of g.recommendations) {
      for (const [gene, key] of Object.entries(r.lookupKey)) {
        if (typeof key !== 'string') continue;
        let s = out[src].get(gene);
        if (!s) out[src].set(gene, (s = new Set()));
        s.add(key);
      }
    }
  }
  return out;
}

function detailsFromCall(data: PgxData, call: GeneCall, warnings: PgxWarning[]): PgxDiplotypeDetail[] {
  const lowest = LOWEST_FUNCTION_GENES.has(call.gene);
  const p = data.phenotype(call.gene, 'CPIC');
  const details: PgxDiplotypeDetail[] = [];
  for (const d of call.diplotypes) {
    const a1 = d.hap1.name;
    const a2 = d.hap2 ? d.hap2.name : null;
    const lookup = lowest ? [lowestFunctionComponent(p, a1), ...(a2 !== null ? [lowestFunctionComponent(p, a2)] : [])] : a2 === null ? [a1] : [a1, a2];
    const { detail, warnings: w } = phenotypeDiplotype(data, call.gene, d.name, a1, a2, d.score, lookup);
    details.push(detail);
    for (const x of w) if (!warnings.some((y) => y.message === x.message)) warnings.push(x);
  }
  if (call.status === 'variant-list') {
    const two = lowestTwo(p, call.haplotypeList);
    if (two) {
      const name = `${two[0]}/${two[1]}`;
      const { detail, warnings: w } = phenotypeDiplotype(data, call.gene, name, two[0], two[1], null);
      details.push(detail);
      warnings.push(...w, { code: 'lowest-function-inferred', severity: 'info', message: `Phenotype from the two lowest-function variants found (${name}); with unphased data they are presumed to be on different gene copies.` });
    }
  }
  if (call.gene === 'SLCO1B1' && details.length === 0) {
    // CPIC statin guideline: if the star allele cannot be called, recommend from rs4149056 (c.521T>C).
    const i = call.data.positions.findIndex((v) => v.rsid === 'rs4149056');
    if (i >= 0) {
      const s = call.data.samples[i];
      const c = [s.computed1, s.computed2].filter((a) => a === 'C').length;
      const ok = [s.computed1, s.computed2].every((a) => a === 'T' || a === 'C');
      if (ok) {
        const name = c === 0 ? '*1/*1' : c === 1 ? '*1/*5' : '*5/*5';
        const [x, y] = name.split('/');
        const { detail, warnings: w } = phenotypeDiplotype(data, 'SLCO1B1', name, x, y, null);
        details.push(detail);
        warnings.push(...w, { code: 'slco1b1-rs4149056', severity: 'warning', message: `SLCO1B1 star alleles could not be called; as CPIC allows, the recommendation uses rs4149056 (c.521T>C) alone (${s.vcfCall}, read as ${name}).` });
      }
    }
  }
  return details;
}

function geneResultFromCall(data: PgxData, call: GeneCall, keySets: Record<GuidelineSource, Map<string, Set<string>>>): PgxGeneResult {
  const warnings: PgxWarning[] = [...call.warnings];
  const details = detailsFromCall(data, call, warnings);
  warnings.push(...geneMessages(data, call), ...versionNotes(data, call.gene));
  for (const src of ['CPIC', 'DPWG'] as const) {
    const known = keySets[src].get(call.gene);
    if (!known) continue;
    for (const d of details) {
      for (const k of d.lookupKeys[src]) {
        if (k === NOT_APPLICABLE || known.has(k) || d.lookupKeys[src].some((kk) => known.has(kk))) continue;
        warnings.push({ code: 'lookup-key-not-in-guidelines', severity: 'warning', message: `${call.gene} result "${k}" is not a key used by the ${src} guideline data (${data.dataVersions().guidelines.version}); that data may predate this phenotype term, so no ${src} recommendation can be matched for it.` });
      }
    }
  }
  const phenotypes = [...new Set(details.flatMap((d) => d.phenotypes))];
  const scores = [...new Set(details.map((d) => d.activityScore))];
  const d = call.data;
  return {
    gene: call.gene,
    source: 'vcf',
    callStatus: call.status,
    diplotypes: call.diplotypes.map((x) => x.name),
    haplotypes: call.haplotypeList,
    phenotypes,
    activityScore: scores.length === 1 ? scores[0] : null,
    missingPositions: d.missing.map(pos),
    referenceBlockPositions: d.positions.filter((_v, i) => d.samples[i].evidence === 'reference-block').map(pos),
    positionsWithUndocumentedVariations: d.positions.filter((_v, i) => d.samples[i].undocumented.length > 0).map(pos),
    uncallableAlleles: d.uncallable,
    phased: d.isPhased,
    effectivelyPhased: call.effectivelyPhased,
    variants: d.positions.map((v, i) => ({ ...pos(v), call: d.samples[i].vcfCall, evidence: d.samples[i].evidence, phased: d.samples[i].phased, phaseSet: d.samples[i].phaseSet })),
    diplotypeDetails: details,
    alternativeDiplotypes: call.alternativeDiplotypes.map((x) => x.name).filter((n) => !call.diplotypes.some((x) => x.name === n)),
    warnings,
  };
}

const OUTSIDE_CALL_NOTE = 'This comes from an outside data source which does not supply position-level detail. For specific disclaimers and limitations, see the original genotyping source.';

function emptyGeneResult(gene: string, source: PgxGeneResult['source'], callStatus: PgxGeneResult['callStatus'], warnings: PgxWarning[]): PgxGeneResult {
  return {
    gene, source, callStatus, diplotypes: [], haplotypes: [], phenotypes: [], activityScore: null,
    missingPositions: [], referenceBlockPositions: [], positionsWithUndocumentedVariations: [], uncallableAlleles: [], phased: false, effectivelyPhased: false,
    variants: [], diplotypeDetails: [], alternativeDiplotypes: [], warnings,
  };
}

/** CYP2D6 diplotypes the map lists whole go through it; copy-number and in-cis notation is counted copy by copy. */
function phenotypeOutsideDiplotype(data: PgxData, gene: string, name: string, alleles: string[]): ReturnType<typeof phenotypeDiplotype> {
  const direct = phenotypeDiplotype(data, gene, name, alleles[0], alleles[1] ?? null, null);
  if (gene !== 'CYP2D6' || !alleles.some(isStructuralName)) return direct;
  const counted = phenotypeCyp2d6Structural(data, name, alleles[0], alleles[1] ?? null);
  if (!counted) return direct;
  if (direct.detail.phenotypes.includes(NOT_APPLICABLE)) return counted;
  // CPIC lists this diplotype whole (say *41x3/*4) but DPWG's map may not: only the missing DPWG key is counted.
  const dpwgMissing = direct.detail.lookupKeys.DPWG.every((k) => k === NOT_APPLICABLE) && counted.detail.lookupKeys.DPWG.some((k) => k !== NOT_APPLICABLE);
  return dpwgMissing ? { ...direct, detail: { ...direct.detail, lookupKeys: { ...direct.detail.lookupKeys, DPWG: counted.detail.lookupKeys.DPWG } } } : direct;
}

function geneResultFromOutsideCall(data: PgxData, oc: ValidatedOutsideCall): PgxGeneResult {
  const warnings: PgxWarning[] = [{ code: 'pcat-outside-call', severity: 'info', message: OUTSIDE_CALL_NOTE }, ...oc.warnings];
  if (oc.unknownAlleles.length > 0) {
    const r = emptyGeneResult(oc.gene, 'outside-call', 'not-interpretable', warnings);
    return { ...r, diplotypes: oc.diplotype ? [oc.diplotype] : [] };
  }
  const p = data.phenotype(oc.gene, 'CPIC');
  const activity = isActivityGene(p);
  let detail: PgxDiplotypeDetail;
  const alleles = oc.alleles;
  const name = alleles ? alleles.join('/') : oc.phenotype ?? `activity score ${oc.activityScore}`;
  if (alleles) {
    const r = phenotypeOutsideDiplotype(data, oc.gene, name, alleles);
    detail = r.detail;
    warnings.push(...r.warnings);
  } else {
    detail = { name, allele1: { name: 'Unknown', function: null, activityValue: null }, allele2: null, score: null, phenotypes: [], activityScore: null, lookupKeys: { CPIC: [], DPWG: [] } };
  }
  const rowsFor = (pred: (r: { generesult: string; activityScore?: string | null; lookupkey: string }) => boolean) => (p?.diplotypes ?? []).filter(pred);
  if (activity && oc.activityScore) {
    const rows = rowsFor((r) => r.activityScore === oc.activityScore);
    const phen = rows[0]?.generesult ?? null;
    if (detail.activityScore && detail.activityScore !== oc.activityScore) {
      warnings.push({ code: 'outside-activity-mismatch', severity: 'warning', message: `${oc.gene}: the outside activity score ${oc.activityScore} differs from the ${detail.activityScore} CPIC gives for ${name}; the outside activity score is used.` });
    }
    detail = { ...detail, activityScore: oc.activityScore, phenotypes: phen ? [phen] : detail.phenotypes, lookupKeys: { CPIC: [oc.activityScore], DPWG: [oc.activityScore, ...(oc.gene === 'DPYD' && phen ? [`${oc.activityScore} (${phen})`] : [])] } };
  } else if (oc.phenotype) {
    if (detail.phenotypes.length > 0 && !detail.phenotypes.includes(oc.phenotype)) {
      warnings.push({ code: 'outside-phenotype-mismatch', severity: 'warning', message: `${oc.gene}: the outside phenotype "${oc.phenotype}" differs from "${detail.phenotypes.join(', ')}" expected for ${name}; the outside phenotype is used.` });
    }
    let keys: string[];
    if (oc.gene.startsWith('HLA-')) keys = [oc.phenotype];
    else {
      const rows = rowsFor((r) => r.generesult === oc.phenotype || r.lookupkey === oc.phenotype);
      keys = [...new Set(rows.map((r) => r.lookupkey))];
      if (activity && keys.length > 1) {
        warnings.push({ code: 'pcat-score-multimatch', severity: 'warning', message: `Outside phenotype-only call matches ${keys.length} activity scores (${keys.join(', ')}), so several recommendations may be shown.` });
      }
    }
    const scores = activity ? keys : [];
    detail = { ...detail, phenotypes: [oc.phenotype], activityScore: scores.length === 1 ? scores[0] : detail.activityScore, lookupKeys: { CPIC: keys, DPWG: [...keys, ...(oc.gene === 'DPYD' ? keys.map((k) => `${k} (${oc.phenotype})`) : [])] } };
  }
  return {
    gene: oc.gene,
    source: 'outside-call',
    callStatus: 'called',
    diplotypes: alleles ? [name] : [],
    haplotypes: [],
    phenotypes: detail.phenotypes,
    activityScore: detail.activityScore,
    missingPositions: [],
    referenceBlockPositions: [],
    positionsWithUndocumentedVariations: [],
    uncallableAlleles: [],
    phased: false,
    effectivelyPhased: false,
    variants: [],
    diplotypeDetails: [detail],
    alternativeDiplotypes: [],
    warnings,
  };
}

function notCalledCyp2d6(): PgxGeneResult {
  return emptyGeneResult('CYP2D6', 'vcf', 'not-called', [{ code: 'cyp2d6-not-called', severity: 'warning', message: 'CYP2D6 is not called from VCF (as in PharmCAT, where it is research mode only): gene deletions, duplications and hybrids are invisible in a VCF. Import a CYP2D6 call as an outside call (lab assay, Aldy, StellarPGx); until then CYP2D6 recommendations use "No Result".' }]);
}

/** PharmCAT's defaults (pgxMatchOptionsSchema documents them; zod is kept off this hot path for start-up time). */
export function matchOptions(o: Partial<PgxMatchOptions> = {}): PgxMatchOptions {
  return {
    topCandidateOnly: o.topCandidateOnly ?? true,
    findCombinations: o.findCombinations ?? false,
    withExemptions: o.withExemptions ?? true,
    callCyp2d6: o.callCyp2d6 ?? false,
  };
}

export function runPgx(input: RunPgxInput): PgxResult {
  const data = input.data ?? defaultPgxData();
  const options = matchOptions(input.options);
  const outside = new Map((input.outsideCalls ?? []).map((c) => [c.gene, c]));
  const warnings: PgxWarning[] = [...(input.source?.warnings ?? [])];
  const keySets = guidelineKeys(data);
  const genes: PgxGeneResult[] = [];
  let positionsSeen = 0;
  for (const gene of data.genes) {
    if (outside.has(gene)) continue;
    if (gene === 'CYP2D6' && !options.callCyp2d6) {
      genes.push(notCalledCyp2d6());
      continue;
    }
    if (!input.source) continue;
    const call = callGene(data, gene, input.source, options);
    positionsSeen += call.data.samples.length;
    genes.push(geneResultFromCall(data, call, keySets));
  }
  if (input.source && positionsSeen === 0) {
    if (outside.size === 0) {
      throw new AppError('pgx/no-pgx-positions', 'The genotypes cover none of the pharmacogenomic positions, so no gene can be called. Check the file is a GRCh38 VCF that includes the PGx regions (or genotype them with pharmcat_positions.vcf).', { sample: input.source.sample ?? null });
    }
    warnings.push({ code: 'no-pgx-positions', severity: 'warning', message: 'The genotypes cover none of the pharmacogenomic positions; only the outside calls are reported.' });
  }
  for (const oc of outside.values()) genes.push(geneResultFromOutsideCall(data, oc));
  genes.sort((a, b) => (a.gene < b.gene ? -1 : a.gene > b.gene ? 1 : 0));
  const { recommendations, unmatched } = matchRecommendations(data, genes);
  return {
    dataVersions: data.dataVersions(),
    sample: input.source?.sample ?? null,
    build: input.source?.build ?? 'GRCh38',
    options,
    genes,
    recommendations,
    unmatchedGuidelines: unmatched,
    warnings,
  };
}

export interface RunPgxFromVcfOptions {
  sample?: string;
  options?: Partial<PgxMatchOptions>;
  /** Path to a PharmCAT outside-call TSV. */
  outsideCallFile?: string;
  data?: PgxData;
}

/** `genodesk pgx --vcf FILE`: straight from a file, nothing stored. */
export async function runPgxFromVcf(file: string, opts: RunPgxFromVcfOptions = {}): Promise<PgxResult> {
  const data = opts.data ?? defaultPgxData();
  const outsideCalls = opts.outsideCallFile ? readOutsideCallFile(opts.outsideCallFile, data) : [];
  const source = await genotypeSourceFromVcfFile(file, { sample: opts.sample, positions: pgxPositionIndex(data) });
  return runPgx({ source, outsideCalls, options: opts.options, data });
}

export function readOutsideCallFile(file: string, data: PgxData = defaultPgxData()): ValidatedOutsideCall[] {
  if (!fs.existsSync(file)) throw new AppError('vcf/file-not-found', `The outside-call file ${file} could not be found.`, { file });
  return parseOutsideCalls(fs.readFileSync(file, 'utf8'), data);
}
