// SNOMED CT codes of catalogue drugs (resources/medicines/drug-codes.json, built by scripts/drug-codes-build.ts
// from two published national value sets, each code naming its sources). Read and checked when the catalogue is
// first used, so a malformed file fails with medicines/data-invalid then, not when a medicine is pushed.
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import { SNOMED_CT_SYSTEM } from '../sync/fhir-systems.ts';
import { readDataFile } from './data-file.ts';

// An SCTID is 6 to 18 digits, never starting with 0 (SNOMED CT Technical Implementation Guide, 6.1).
const SCTID = /^[1-9]\d{5,17}$/;
const sctid = z.string().regex(SCTID, 'a SNOMED CT identifier (6 to 18 digits)');

const codesSchema = z.object({
  name: z.string(),
  version: z.string(),
  system: z.literal(SNOMED_CT_SYSTEM),
  licence: z.string().min(1),
  sources: z.record(z.string(), z.object({ title: z.string(), publisher: z.string(), url: z.string().url(), repository: z.string(), commit: z.string().regex(/^[0-9a-f]{40}$/), path: z.string(), version: z.string() })),
  codes: z.array(z.object({ drug: z.string().min(1), code: sctid, display: z.string().min(1), sources: z.array(z.string()).min(1), note: z.string().optional() })),
  uncoded: z.array(z.object({ drug: z.string().min(1), reason: z.string().min(1) })),
  /** Other medicines (no guideline, no phenoconversion rule) by name, so they are recognised and coded. */
  substances: z.array(z.object({ name: z.string().min(1), code: sctid, display: z.string().min(1) })).default([]),
});

export type DrugCodes = z.infer<typeof codesSchema>;
export interface DrugCode {
  /** "http://snomed.info/sct|<SCTID>", the form a medicine's code is stored in. */
  code: string;
  display: string;
  sources: string[];
}

export const DRUG_CODES_FILE = 'drug-codes.json';

/** A medicine GenoDesk recognises by name without a guideline or phenoconversion rule (ch-term substances). */
export interface OtherMedicine {
  name: string;
  code: string;
  display: string;
}

export function loadDrugCodes(dir: string): { data: DrugCodes; byDrug: Map<string, DrugCode>; others: OtherMedicine[] } {
  const file = path.join(dir, DRUG_CODES_FILE);
  const data = readDataFile(file, codesSchema, 'drug codes');
  const byDrug = new Map<string, DrugCode>();
  const drugOfCode = new Map<string, string>();
  for (const [i, c] of data.codes.entries()) {
    for (const s of c.sources) if (!data.sources[s]) throw new AppError('medicines/data-invalid', `${file}: codes[${i}] (${c.drug}) cites unknown source "${s}".`, { file, index: i });
    // One drug, one code; one code, one drug: otherwise matching a pulled medicine by code would be ambiguous.
    if (byDrug.has(c.drug)) throw new AppError('medicines/data-invalid', `${file}: codes[${i}] codes ${c.drug} a second time.`, { file, index: i });
    const other = drugOfCode.get(c.code);
    if (other) throw new AppError('medicines/data-invalid', `${file}: codes[${i}] gives ${c.drug} the code ${c.code}, already used for ${other}.`, { file, index: i });
    drugOfCode.set(c.code, c.drug);
    byDrug.set(c.drug, { code: `${SNOMED_CT_SYSTEM}|${c.code}`, display: c.display, sources: c.sources });
  }
  const others: OtherMedicine[] = [];
  for (const [i, s] of data.substances.entries()) {
    const other = drugOfCode.get(s.code);
    if (other) throw new AppError('medicines/data-invalid', `${file}: substances[${i}] gives ${s.name} the code ${s.code}, already used for ${other}.`, { file, index: i });
    drugOfCode.set(s.code, s.name);
    others.push({ name: s.name, code: `${SNOMED_CT_SYSTEM}|${s.code}`, display: s.display });
  }
  return { data, byDrug, others };
}

/** The SCTID of a stored code ("http://snomed.info/sct|123", or a bare SCTID as a user may type it), else null. */
export function snomedId(code: string | null | undefined): string | null {
  if (!code) return null;
  const bar = code.lastIndexOf('|');
  if (bar < 0) return SCTID.test(code.trim()) ? code.trim() : null;
  return code.slice(0, bar) === SNOMED_CT_SYSTEM ? code.slice(bar + 1) : null;
}

/** A code as stored: a bare SCTID (as typed on the CLI) gets the SNOMED CT system; "system|code" is kept. */
export function storedCode(code: string): string {
  const c = code.trim();
  return SCTID.test(c) ? `${SNOMED_CT_SYSTEM}|${c}` : c;
}
