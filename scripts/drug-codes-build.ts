// Builds resources/medicines/drug-codes.json: a SNOMED CT substance code for each drug of GenoDesk's
// catalogue, taken from two published national value sets and kept only where they agree.
//
//   node scripts/drug-codes-build.ts <ch-term ActivePharmaceuticalIngredient.xml> <KBV PSTopSubstanceSNOMEDCTGerman.ts> <KBV PSSubstanceTopATCSnomedGerman.ts>
//
// Sources (commits recorded in the output):
//  - ch-term: eHealth Suisse / HL7 Switzerland, ValueSet ActivePharmaceuticalIngredient (OID 2.16.756.5.30.1.1.11.82),
//    hl7ch/ch-term input/resources/valueset/ActivePharmaceuticalIngredient.xml: SNOMED CT substance concepts with
//    their fully specified name and an en-US designation.
//  - kbv-ps: Kassenärztliche Bundesvereinigung, MIO Patient Summary 1.0.0 ConceptMaps of "top substances"
//    (kassenaerztliche-bundesvereinigung/MIOParser src/Definitions/KBV/PS/1.0.0/ConceptMap/): SNOMED CT substance
//    concepts with their fully specified name.
// A drug is matched when a source's fully specified name is exactly "<catalogue name> (substance)" (or the
// en-US designation equals the name). Salts, extracts and stains with another name are not matched: they are
// other concepts. Only the data (code and name) are read; nothing else of either file is used.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDrugCatalogue } from '../electron/main/services/medicines/drug-catalogue.ts';
import { loadPhenoconversionRules } from '../electron/main/services/medicines/phenoconversion/rules-data.ts';
import { PgxData } from '../electron/main/services/pgx/pgx-data.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESOURCES = path.join(ROOT, 'resources');

/**
 * Catalogue names whose source spells the substance by another official name. rifampin/rifampicin is already a
 * synonym in phenoconversion.json; tioguanine is the INN of CPIC's "thioguanine".
 */
const SOURCE_NAME: Record<string, string> = { rifampin: 'rifampicin', thioguanine: 'tioguanine' };

interface Concept {
  code: string;
  fsn: string;
  en: string | null;
}

function chTerm(file: string): Concept[] {
  const xml = fs.readFileSync(file, 'utf8');
  const out: Concept[] = [];
  for (const m of xml.matchAll(/<concept>([\s\S]*?)<\/concept>/g)) {
    const body = m[1];
    const code = /<code value="(\d+)"\/>/.exec(body)?.[1];
    const fsn = /<display value="([^"]*)"\/>/.exec(body)?.[1];
    const en = /<language value="en-US"\/>\s*<value value="([^"]*)"\/>/.exec(body)?.[1] ?? null;
    if (code && fsn) out.push({ code, fsn, en });
  }
  return out;
}

function kbv(...files: string[]): Concept[] {
  const out: Concept[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\{\s*code: "(\d+)",\s*display: "([^"]*)",\s*target/g)) out.push({ code: m[1], fsn: m[2], en: null });
  }
  return out;
}

function finder(concepts: Concept[]) {
  return (name: string): Concept[] => {
    const want = name.toLowerCase();
    const hits = concepts.filter((c) => c.fsn.toLowerCase() === `${want} (substance)` || c.en?.toLowerCase() === want);
    return [...new Map(hits.map((c) => [c.code, c])).values()];
  };
}

function main(): void {
  const [chFile, kbvTop, kbvAtc] = process.argv.slice(2);
  if (!chFile || !kbvTop || !kbvAtc) {
    console.error('usage: node scripts/drug-codes-build.ts <ActivePharmaceuticalIngredient.xml> <PSTopSubstanceSNOMEDCTGerman.ts> <PSSubstanceTopATCSnomedGerman.ts>');
    process.exit(2);
  }
  const ch = chTerm(chFile);
  const de = kbv(kbvTop, kbvAtc);
  const inCh = finder(ch);
  const inDe = finder(de);
  const deByCode = new Map(de.map((c) => [c.code, c]));
  const chByCode = new Map(ch.map((c) => [c.code, c]));
  const catalogue = buildDrugCatalogue(new PgxData(path.join(RESOURCES, 'pgx')).allGuidelines(), loadPhenoconversionRules(path.join(RESOURCES, 'medicines')));

  const codes: { drug: string; code: string; display: string; sources: string[]; note?: string }[] = [];
  const uncoded: { drug: string; reason: string }[] = [];
  for (const entry of catalogue.entries) {
    const name = SOURCE_NAME[entry.name] ?? entry.name;
    let a = inCh(name);
    let b = inDe(name);
    // A concept found by name in one source is looked up by code in the other (ch-term spells tobramycin "Tobramycine").
    if (a.length === 0 && b.length === 1 && chByCode.has(b[0].code)) a = [chByCode.get(b[0].code) as Concept];
    if (b.length === 0 && a.length === 1 && deByCode.has(a[0].code)) b = [deByCode.get(a[0].code) as Concept];
    if (a.length > 1 || b.length > 1) {
      uncoded.push({ drug: entry.name, reason: `more than one concept named "${name}" in one source` });
      continue;
    }
    if (a.length === 1 && b.length === 1 && a[0].code !== b[0].code) {
      uncoded.push({ drug: entry.name, reason: `sources disagree: ch-term ${a[0].code}, kbv-ps ${b[0].code}` });
      continue;
    }
    const hit = b[0] ?? a[0];
    if (!hit) {
      uncoded.push({ drug: entry.name, reason: 'in neither source' });
      continue;
    }
    const sources = [...(a.length ? ['ch-term'] : []), ...(b.length ? ['kbv-ps'] : [])];
    const notes: string[] = [];
    if (name !== entry.name) notes.push(`the sources name it ${name}`);
    if (a.length && b.length && a[0].fsn !== b[0].fsn) notes.push(`ch-term writes "${a[0].fsn}"`);
    codes.push({ drug: entry.name, code: hit.code, display: hit.fsn, sources, ...(notes.length ? { note: notes.join('; ') } : {}) });
  }

  // Medicines without a guideline or a phenoconversion rule: every other ch-term substance, by its en-US name, so
  // a prescriber's metformin or amlodipine is recognised (reviewed as "no guideline", with its code) instead of
  // being kept as unchecked free text. A name two concepts share, or one the catalogue already has, is left out.
  const taken = new Set(codes.map((c) => c.code));
  const catalogueNames = new Set(catalogue.entries.map((e) => e.name));
  const byName = new Map<string, Concept[]>();
  for (const c of ch) {
    const name = (c.en ?? c.fsn.replace(/ \(substance\)$/, '')).toLowerCase();
    if (taken.has(c.code) || catalogueNames.has(name)) continue;
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  const substances = [...byName.entries()]
    .filter(([, cs]) => new Set(cs.map((c) => c.code)).size === 1)
    .map(([name, cs]) => ({ name, code: cs[0].code, display: cs[0].fsn }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const out = {
    name: 'GenoDesk drug codes',
    version: '2026-12-07',
    system: 'http://snomed.info/sct',
    description:
      'A SNOMED CT substance concept for each drug of the GenoDesk catalogue (bundled CPIC/DPWG guideline drugs and phenoconversion perpetrators), where a published national value set lists it; and (substances) every other active ingredient of the ch-term value set, by its English name, so medicines without a pharmacogenomic guideline are recognised. Built by scripts/drug-codes-build.ts.',
    licence:
      'SNOMED CT is © International Health Terminology Standards Development Organisation (IHTSDO, trading as SNOMED International). Use in the NHS is covered by the UK national licence (NHS England, via TRUD); elsewhere a SNOMED CT Affiliate licence is needed. Only identifiers and fully specified names are bundled.',
    sources: {
      'ch-term': {
        title: 'ValueSet ActivePharmaceuticalIngredient (OID 2.16.756.5.30.1.1.11.82), CH Term',
        publisher: 'eHealth Suisse / HL7 Switzerland',
        url: 'http://fhir.ch/ig/ch-term/ValueSet/ActivePharmaceuticalIngredient',
        repository: 'hl7ch/ch-term',
        commit: '788e193111d510adb7792011e59f84449e673277',
        path: 'input/resources/valueset/ActivePharmaceuticalIngredient.xml',
        version: '2023-10-27T13:24:37',
      },
      'kbv-ps': {
        title: 'MIO Patient Summary 1.0.0 ConceptMaps PSTopSubstanceSNOMEDCTGerman and PSSubstanceTopATCSnomedGerman',
        publisher: 'Kassenärztliche Bundesvereinigung (KBV)',
        url: 'https://mio.kbv.de/',
        repository: 'kassenaerztliche-bundesvereinigung/MIOParser',
        commit: '0f39da3c86212d63885bf221dfb772f691a794e3',
        path: 'src/Definitions/KBV/PS/1.0.0/ConceptMap/PSTopSubstanceSNOMEDCTGerman.ts, src/Definitions/KBV/PS/1.0.0/ConceptMap/PSSubstanceTopATCSnomedGerman.ts',
        version: 'KBV PS 1.0.0',
      },
    },
    codes,
    uncoded,
    substances,
  };
  fs.writeFileSync(path.join(RESOURCES, 'medicines', 'drug-codes.json'), `${JSON.stringify(out, null, 2)}\n`);
  const both = codes.filter((c) => c.sources.length === 2).length;
  console.log(`${codes.length} coded (${both} in both sources, ${codes.length - both} in one), ${uncoded.length} uncoded, of ${catalogue.entries.length}; ${substances.length} other ch-term substances`);
}

main();
