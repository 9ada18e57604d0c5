// A lab installs a newer HPO release as a pack: hp.obo + genes_to_phenotype.txt of one release (optionally
// gzipped), recognised by content, copied to <dataDir>/packs/hpo/<release>/ with a manifest (sha256 per
// file). The newest installed release is the one used; the bundled resources/hpo otherwise.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import { parseObo } from './ontology/parse-obo.ts';
import { readText } from './hpo-release.ts';

export function hpoPacksRoot(dataDir: string): string {
  return path.join(dataDir, 'packs', 'hpo');
}

/** The newest complete installed release (a folder with its manifest), or null. */
export function activeHpoPackDir(dataDir: string): string | null {
  const root = hpoPacksRoot(dataDir);
  if (!fs.existsSync(root)) return null;
  const releases = fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, 'manifest.json')))
    .sort();
  return releases.length > 0 ? path.join(root, releases[releases.length - 1]) : null;
}

export type HpoFileRole = 'hpo-obo' | 'hpo-genes-to-phenotype';

/** Recognises HPO release files by content: an OBO with `ontology: hp`, or HPO's genes_to_phenotype header. */
export function detectHpoFile(head: string): HpoFileRole | null {
  const start = head.trimStart();
  if (start.startsWith('format-version:') && /^ontology: hp(\.obo)?\s*$/m.test(head)) return 'hpo-obo';
  const first = start.split(/\r?\n/, 1)[0] ?? '';
  if (/^ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id/.test(first)) return 'hpo-genes-to-phenotype';
  return null;
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export interface InstalledHpoPack {
  version: string;
  dir: string;
  files: { name: string; sha256: string }[];
}

/**
 * Installs one release from its two files. The release is read from hp.obo's data-version; the folder
 * appears under its final name only when complete (written aside, then renamed), so a crash leaves no
 * half pack that would be taken for the active one.
 */
export function installHpoPack(dataDir: string, files: { obo: string; annotations: string }): InstalledHpoPack {
  const obo = parseObo(readText(files.obo), path.basename(files.obo));
  const version = obo.dataVersion.replace(/^.*releases\//, '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    throw new AppError('phenotype/data-corrupt', `${path.basename(files.obo)}: data-version "${obo.dataVersion}" does not name an HPO release date.`, { file: files.obo });
  }
  const head = readText(files.annotations).split(/\r?\n/, 1)[0] ?? '';
  if (detectHpoFile(head) !== 'hpo-genes-to-phenotype') {
    throw new AppError('phenotype/data-corrupt', `${path.basename(files.annotations)} line 1: expected HPO's genes_to_phenotype header (ncbi_gene_id, gene_symbol, hpo_id, hpo_name, frequency, disease_id).`, { file: files.annotations, line: 1 });
  }
  const root = hpoPacksRoot(dataDir);
  const dir = path.join(root, version);
  if (fs.existsSync(path.join(dir, 'manifest.json'))) {
    return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as InstalledHpoPack;
  }
  const tmp = path.join(root, `.installing-${version}-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const gz = (f: string): string => (fs.readFileSync(f).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b])) ? '.gz' : '');
  const names = { obo: `hp.${version}.obo${gz(files.obo)}`, annotations: `genes_to_phenotype.${version}.txt${gz(files.annotations)}` };
  fs.copyFileSync(files.obo, path.join(tmp, names.obo));
  fs.copyFileSync(files.annotations, path.join(tmp, names.annotations));
  const manifest: InstalledHpoPack & { source: string; licence: string } = {
    version,
    dir,
    source: `installed from ${path.basename(files.obo)} and ${path.basename(files.annotations)}`,
    licence: 'HPO licence, https://hpo.jax.org/app/license',
    files: [names.obo, names.annotations].map((name) => ({ name, sha256: sha256(path.join(tmp, name)) })),
  };
  fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return manifest;
}
