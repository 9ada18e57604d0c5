// Shared by the VCF import tests: a fresh encrypted store with a patient, the real peer (bcftools), and the
// list of VCF-like files in shared data.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
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

/**
 * bcftools reads a VCF whose records use contigs, INFO or FORMAT keys the header never declares (it warns
 * and assumes Type=String), but refuses to WRITE one (`norm`, `view -e` fail with "not present in the
 * header"). For the peer to process such a file, this copy adds exactly the declarations htslib said it
 * assumed; records are untouched. Returns the original path when nothing is missing.
 */
export function peerReadable(file: string, workDir: string): string {
  const warnings = bcftools(['view', '-Ov', '-o', '/dev/null', file]).stderr;
  const add = new Set<string>();
  for (const m of warnings.matchAll(/Contig '([^']*)' is not defined in the header/g)) if (m[1]) add.add(`##contig=<ID=${m[1]}>`);
  for (const m of warnings.matchAll(/(FORMAT|INFO) '([^']+)' (?:at \S+ )?is not defined in the header/g)) {
    if (/^[A-Za-z_][0-9A-Za-z_.]*$/.test(m[2])) add.add(`##${m[1]}=<ID=${m[2]},Number=.,Type=String,Description="declared for the test peer">`);
  }
  const header = bcftools(['view', '-h', file]).stdout;
  // GT is defined by the VCF spec; htslib only needs it declared to print it.
  if (!/^##FORMAT=<ID=GT,/m.test(header) && /^#CHROM(\t[^\t]+){9,}/m.test(header)) add.add('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">');
  if (add.size === 0) return file;
  const raw = fs.readFileSync(file);
  const text = raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const at = text.indexOf('\n#CHROM');
  const out = path.join(workDir, `peer-${path.basename(file).replace(/\.(gz|bgz)$/, '')}`);
  fs.writeFileSync(out, `${text.slice(0, at + 1)}${[...add].join('\n')}\n${text.slice(at + 1)}`);
  return out;
}
