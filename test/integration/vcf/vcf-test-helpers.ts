// Shared by the VCF import tests: a fresh encrypted store with a patient, the real peer (bcftools), and the
// list of VCF-like files in shared data.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { normaliseChrom, trimAllele } from '../../../electron/main/services/vcf/normalise-allele.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';

export const VCF_DATA = path.join(SHARED_DATA, 'vcf');

export function openTestStore(dir: string, name = 'store.db'): Store {
  return openStore({ file: path.join(dir, name), key: 'test-key' });
}

let nhs = 0;
/** A patient by plain INSERT (the patients service is the lead's; only the row is needed here). */
export function addPatient(store: Store, id = `patient-${++nhs}`): string {
  store.sqlite
    .prepare(
      `INSERT INTO patients (id, nhs_number, family_name, given_name, family_fold, given_fold, birth_date, sex, version, created_at, updated_at)
       VALUES (?, ?, 'Test', 'Patient', 'test', 'patient', '1970-01-01', 'unknown', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    )
    .run(id, `TEST${id}`);
  return id;
}

export interface BcftoolsResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function bcftools(args: string[]): BcftoolsResult {
  const r = spawnSync('bcftools', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`bcftools is required for these tests (apt-get install -y bcftools tabix): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function hasBcftools(): boolean {
  return spawnSync('bcftools', ['--version']).status === 0;
}

/** Every file under shared/data/vcf a VCF reader could be pointed at (VCF, bgzipped VCF, BCF); not indexes or text outputs. */
export function sharedVcfFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(vcf|vcf\.gz|vcf\.bgz|bcf|bcf\.bgzf)$/.test(e.name)) out.push(p);
    }
  };
  walk(VCF_DATA);
  return out.sort();
}

/** What a stored row should be for one row of `bcftools norm -m-any` output, after GenoDesk's trimming. */
export function expectedRow(chrom: string, pos: number, ref: string, alt: string, gt: string | null): string {
  const t = trimAllele(pos, ref, alt);
  return [normaliseChrom(chrom), t.pos, t.ref, t.alt, gt ?? '-'].join('\t');
}

export const REFERENCE_ALTS = new Set(['.', '<*>', '<NON_REF>']);
