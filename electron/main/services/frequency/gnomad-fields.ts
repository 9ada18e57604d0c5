// Which gnomAD release a sites VCF is, and how to read its frequencies, from the header alone.
//
// gnomAD renamed the "highest population frequency": v2.1 and v3.1 sites VCFs carry `popmax` / `AF_popmax`
// ("Maximum allele frequency across populations"), v4 carries `grpmax` / `AF_grpmax` ("Maximum allele
// frequency across genetic ancestry groups"), as the INFO definitions of the real files in
// shared/data/population/gnomad-examples say. Which groups are left out of the maximum is gnomAD's choice,
// not ours: v2 excludes Ashkenazi Jewish, Finnish and "other" (gnomAD browser issue #893); v4 lists them in
// gnomad_methods `GEN_ANC_GROUPS_TO_REMOVE_FOR_GRPMAX`. GenoDesk stores the file's own value.
//
// The release is told apart by fields only that release defines: v4 has `grpmax` (and `AF_joint` in the
// joint exome+genome files); v3.1 has sex-split fields `AF_XX`/`AF_XY`; v2.1 has `AF_female`/`AF_male`.
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import type { VcfHeader } from '../annotation/vcf/vcf-lines.ts';
import { infoValue } from '../annotation/vcf/vcf-lines.ts';

export type GnomadRelease = 'v2' | 'v3' | 'v4';

export interface GnomadFields {
  release: GnomadRelease;
  /** INFO key of the highest group frequency: AF_grpmax (v4) or AF_popmax (v2, v3); null when the file has neither. */
  grpmaxAf: string | null;
  /** INFO key naming that group: grpmax or popmax. */
  grpmax: string | null;
}

export interface SiteFrequency {
  af: number | null;
  grpmaxAf: number | null;
  grpmax: string | null;
  ac: number | null;
  an: number | null;
  homozygotes: number | null;
}

function infoIds(header: VcfHeader): Set<string> {
  const ids = new Set<string>();
  for (const m of header.meta) {
    if (!m.startsWith('INFO=<ID=')) continue;
    const comma = m.indexOf(',', 9);
    ids.add(m.slice(9, comma < 0 ? undefined : comma));
  }
  return ids;
}

/**
 * True when a VCF header is a gnomAD sites file's (read by the pack detector): gnomAD's homozygote count or
 * highest-group fields. AF is not required here, so that a file lacking it is refused with that reason.
 */
export function looksLikeGnomadFile(headerText: string): boolean {
  return /##INFO=<ID=(nhomalt|AF_grpmax|AF_popmax|grpmax|popmax),/.test(headerText);
}

/**
 * The fields a frequency pack reads. A file without an AF INFO definition is refused (it is not a frequency
 * file GenoDesk can read), naming the file and the header line where the definitions end.
 */
export function gnomadFields(header: VcfHeader, file: string, headerLine: number): GnomadFields {
  const ids = infoIds(header);
  if (!ids.has('AF')) {
    throw new AppError(
      'packs/corrupt',
      `${path.basename(file)} has no AF INFO field in its header (read to line ${headerLine}): expected a gnomAD sites VCF with ##INFO=<ID=AF,…> (allele frequency), AC, AN and nhomalt.`,
      { file, line: headerLine, expected: '##INFO=<ID=AF,...>' },
    );
  }
  const release: GnomadRelease = ids.has('grpmax') || ids.has('AF_grpmax') || ids.has('AF_joint') ? 'v4' : ids.has('AF_XX') ? 'v3' : 'v2';
  const grpmaxAf = ids.has('AF_grpmax') ? 'AF_grpmax' : ids.has('AF_popmax') ? 'AF_popmax' : null;
  const grpmax = ids.has('grpmax') ? 'grpmax' : ids.has('popmax') ? 'popmax' : null;
  return { release, grpmaxAf, grpmax };
}

function numberAt(raw: string | undefined, altIndex: number, integer: boolean): number | null {
  if (raw === undefined || raw === '') return null;
  const parts = raw.split(',');
  const v = parts.length > 1 ? parts[altIndex] : parts[0];
  if (v === undefined || v === '.' || v === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) return Number.NaN;
  return n;
}

/**
 * One ALT's frequencies from a record's INFO. gnomAD's fields are Number=A (one value per ALT), except AN.
 * Returns the name of the first malformed field, so the caller can refuse the file with its line.
 */
export function readSiteFrequency(info: string, altIndex: number, fields: GnomadFields): SiteFrequency | { malformed: string } {
  const af = numberAt(infoValue(info, 'AF'), altIndex, false);
  const ac = numberAt(infoValue(info, 'AC'), altIndex, true);
  const an = numberAt(infoValue(info, 'AN'), 0, true);
  const homozygotes = numberAt(infoValue(info, 'nhomalt'), altIndex, true);
  const grpmaxAf = fields.grpmaxAf ? numberAt(infoValue(info, fields.grpmaxAf), altIndex, false) : null;
  for (const [name, v] of [
    ['AF', af],
    ['AC', ac],
    ['AN', an],
    ['nhomalt', homozygotes],
    [fields.grpmaxAf ?? '', grpmaxAf],
  ] as const) {
    if (Number.isNaN(v)) return { malformed: name };
  }
  if (af !== null && af > 1) return { malformed: 'AF' };
  const group = fields.grpmax ? infoValue(info, fields.grpmax) : undefined;
  const groupName = group === undefined || group === '' ? null : (group.split(',')[altIndex] ?? group.split(',')[0]);
  return { af, grpmaxAf, grpmax: groupName === '.' ? null : groupName, ac, an, homozygotes };
}
