// The drugs GenoDesk can check by name: every drug of the bundled CPIC/DPWG guidelines (with its
// ClinPGx/PharmGKB accession, as the guideline files carry it) and every inhibitor or inducer of the
// phenoconversion table, each with its SNOMED CT substance code where resources/medicines/drug-codes.json
// has one (sourced from published value sets; no dm+d table could be cited, see docs/medicines.md); and the
// other active ingredients of the ch-term value set, recognised and coded but with no guideline.
import type { DrugEntry } from '../../../../shared/schemas/medicines.ts';
import { foldForSearch } from '../../../../shared/text-fold.ts';
import type { GuidelineFile } from '../pgx/pgx-data.ts';
import type { DrugCode, OtherMedicine } from './drug-codes-data.ts';
import { snomedId } from './drug-codes-data.ts';
import type { PhenoconversionRules } from './phenoconversion/rules-data.ts';

export interface DrugCatalogue {
  entries: DrugEntry[];
  /** The entry for a name (generic name, any case, or a listed synonym such as rifampicin), else null. */
  resolve(name: string): DrugEntry | null;
  /** The entry whose SNOMED CT code this is ("http://snomed.info/sct|…" or a bare SCTID), else null. */
  byCode(code: string | null | undefined): DrugEntry | null;
  /** Names starting with, then containing, the query (drugs with a guideline or rule first); then close spellings. */
  search(query: string, limit?: number): DrugEntry[];
  /** Close names for a name that matched nothing (edit distance), best first. */
  suggest(name: string, limit?: number): string[];
}

function sourceLabel(g: GuidelineFile): string {
  return g.guideline.source.toUpperCase().includes('DPWG') ? 'DPWG' : 'CPIC';
}

/** Levenshtein distance, bounded: names are short, the catalogue a few hundred entries. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The source label of medicines known only from the substance list (no guideline, no phenoconversion rule). */
export const SUBSTANCE_LIST = 'ch-term substance list';

export function buildDrugCatalogue(
  guidelines: readonly GuidelineFile[],
  rules: PhenoconversionRules,
  codes: ReadonlyMap<string, DrugCode> = new Map(),
  others: readonly OtherMedicine[] = [],
): DrugCatalogue {
  const byKey = new Map<string, DrugEntry>();
  const entry = (name: string): DrugEntry => {
    const key = name.toLowerCase();
    let e = byKey.get(key);
    if (!e) {
      const c = codes.get(key);
      byKey.set(key, (e = { name: key, sources: [], pharmgkbId: null, genes: [], perpetratorOf: [], code: c?.code ?? null, codeDisplay: c?.display ?? null }));
    }
    return e;
  };
  for (const g of guidelines) {
    for (const chem of g.guideline.relatedChemicals) {
      const e = entry(chem.name);
      e.pharmgkbId ??= chem.id;
      const label = sourceLabel(g);
      if (!e.sources.includes(label)) e.sources.push(label);
      for (const gene of g.guideline.relatedGenes) if (!e.genes.includes(gene.symbol)) e.genes.push(gene.symbol);
    }
  }
  for (const p of rules.perpetrators) {
    const e = entry(p.drug);
    if (!e.sources.includes('phenoconversion')) e.sources.push('phenoconversion');
    for (const gene of p.genes) {
      const label = `${gene} ${p.effect}`;
      if (!e.perpetratorOf.includes(label)) e.perpetratorOf.push(label);
    }
  }
  // Recognised, coded, and reviewed as "no guideline": a prescriber's metformin is not unchecked free text.
  for (const o of others) {
    if (byKey.has(o.name)) continue;
    byKey.set(o.name, { name: o.name, sources: [SUBSTANCE_LIST], pharmgkbId: null, genes: [], perpetratorOf: [], code: o.code, codeDisplay: o.display });
  }
  const entries = [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name));
  const folded = entries.map((e) => ({ e, f: foldForSearch(e.name) }));
  const synonyms = new Map(Object.entries(rules.synonyms).map(([k, v]) => [foldForSearch(k), v]));
  const bySctid = new Map(entries.filter((e) => e.code).map((e) => [snomedId(e.code) as string, e]));

  function resolve(name: string): DrugEntry | null {
    const f = foldForSearch(name);
    if (!f) return null;
    const direct = folded.find((x) => x.f === f);
    if (direct) return direct.e;
    const syn = synonyms.get(f);
    return syn ? (byKey.get(syn) ?? null) : null;
  }

  function byCode(code: string | null | undefined): DrugEntry | null {
    const id = snomedId(code);
    return id ? (bySctid.get(id) ?? null) : null;
  }

  function suggest(name: string, limit = 5): string[] {
    const f = foldForSearch(name);
    if (!f) return [];
    const max = Math.max(2, Math.floor(f.length / 3));
    return folded
      .map((x) => ({ name: x.e.name, d: editDistance(f, x.f) }))
      .filter((x) => x.d <= max)
      .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map((x) => x.name);
  }

  const listedOnly = (e: DrugEntry) => e.sources.length === 1 && e.sources[0] === SUBSTANCE_LIST;

  function search(query: string, limit = 20): DrugEntry[] {
    const f = foldForSearch(query);
    if (!f) return entries.slice(0, limit);
    // Within each group the drugs a guideline or rule covers come first: they are why the list exists.
    const checkedFirst = (list: DrugEntry[]) => [...list.filter((e) => !listedOnly(e)), ...list.filter(listedOnly)];
    const starts = checkedFirst(folded.filter((x) => x.f.startsWith(f)).map((x) => x.e));
    const contains = checkedFirst(folded.filter((x) => !x.f.startsWith(f) && x.f.includes(f)).map((x) => x.e));
    const found = [...starts, ...contains];
    if (found.length === 0) for (const s of suggest(query, limit)) found.push(byKey.get(s) as DrugEntry);
    return found.slice(0, limit);
  }

  return { entries, resolve, byCode, search, suggest };
}
