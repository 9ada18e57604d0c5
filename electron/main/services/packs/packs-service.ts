// Annotation packs in the data folder: `<dataDir>/packs/<id>/` holds a pack's files, its manifest.json and
// install.json (when, by whom, from where). No electron imports: the app, the CLI and the tests share it.
//
// Install is atomic: files are copied into a hidden temporary folder, checked against their checksums,
// parsed to the end and checked for one genome build, and only then switched in by two renames. A failed
// or cancelled install removes its temporary folder, so the previous pack stays in place and in use. A
// crash between the two renames is repaired at the next start (recoverInterrupted).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, isAppError } from '../../../../shared/errors.ts';
import type { PackVersion } from '../../../../shared/schemas/annotation.ts';
import { packInstallRequestSchema, storedPackManifestSchema } from '../../../../shared/schemas/packs.ts';
import type { PackInfo, PackInstallProgress, PackInstallRequest, PackList, StoredPackManifest } from '../../../../shared/schemas/packs.ts';
import type { GenomeBuild } from '../../../../shared/schemas/vcf.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { checkPanelContent } from './check-pack-content.ts';
import type { ContentFacts } from './check-pack-content.ts';
import type { ContentCheckJob } from './content-check-protocol.ts';
import { runContentCheckInWorker } from './content-check-worker-client.ts';
import { planFromFiles, slug } from './detect-pack-files.ts';
import type { PackFileRole } from './detect-pack-files.ts';

export const MANIFEST_FILE = 'manifest.json';
export const INSTALL_FILE = 'install.json';
const PROGRESS_EVERY_MS = 100;

interface InstallRecord {
  installedAt: string;
  installedBy: string;
  origin: string[];
}

export interface PackInstallOptions {
  onProgress?: (p: PackInstallProgress) => void;
  signal?: AbortSignal;
  /** Fault injection for tests: runs after the copy, before verification (e.g. to damage a copied file). */
  afterCopy?: (tempDir: string) => void | Promise<void>;
}

export interface PackChange {
  action: 'install' | 'remove';
  pack: PackInfo;
  replaced?: { id: string; version: string } | null;
}

export interface PacksServiceDeps {
  dataDir: string;
  /** Packs shipped with GenoDesk (resources/packs): offered as built-in, installed on request. */
  builtInDir?: string;
  actor: string;
  clock?: Clock;
  /** Called after each committed change (the composition writes the audit row). */
  onChange?: (change: PackChange) => void;
  /** The content-check worker script; defaults to the TypeScript source (Node 24). The app passes its bundle. */
  contentWorkerUrl?: URL | string;
}

/** The pack versions an annotation run uses for one build. */
export interface ActivePacks {
  transcripts?: { dir: string; version: PackVersion };
  clinvar?: { dir: string; version: PackVersion };
  /** A gnomAD frequency pack (frequency/): population frequencies for annotation, browser and filters. */
  frequency?: { dir: string; version: PackVersion };
}

interface FileEntry {
  src: string;
  role: PackFileRole | string;
  dest: string;
  expected?: { sha256: string; bytes: number };
}

export type PacksService = ReturnType<typeof createPacksService>;

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** A stored or shipped manifest; packs/corrupt names the field when it is wrong. */
export function readStoredManifest(dir: string): StoredPackManifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new AppError('packs/not-found', `No pack manifest at ${file}.`, { file });
  let json: unknown;
  try {
    json = readJson(file);
  } catch (err) {
    throw new AppError('packs/corrupt', `The pack manifest ${file} is not valid JSON.`, { file, reason: (err as Error).message });
  }
  const parsed = storedPackManifestSchema.safeParse(json);
  if (!parsed.success) {
    const kindIssue = parsed.error.issues.find((i) => i.path[0] === 'kind');
    if (kindIssue) {
      throw new AppError('packs/unsupported-kind', `The pack manifest ${file} names a kind GenoDesk does not know (transcripts, clinvar or panel).`, {
        file,
        kind: (json as { kind?: unknown })?.kind ?? null,
      });
    }
    const issue = parsed.error.issues[0];
    throw new AppError('packs/corrupt', `The pack manifest ${file} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}.`, {
      file,
      field: issue.path.join('.'),
    });
  }
  for (const f of parsed.data.files) {
    const full = path.resolve(dir, f.path);
    if (!full.startsWith(path.resolve(dir) + path.sep)) {
      throw new AppError('packs/corrupt', `The pack manifest ${file} names a file outside the pack (${f.path}).`, { file, path: f.path });
    }
  }
  return parsed.data;
}

function mainFile(m: StoredPackManifest) {
  return m.files.find((f) => f.role === 'gff3' || f.role === 'clinvar-vcf' || f.role === 'frequency-vcf' || f.role === 'panel') ?? m.files[0];
}

/** Same rule as the annotation engine's versionOf (open-sources.ts), so runs record identical versions. */
export function packVersionOf(m: StoredPackManifest): PackVersion {
  return { id: m.id, kind: m.kind, version: m.version, sha256: mainFile(m).sha256 };
}

async function copyHashed(src: string, dest: string, onBytes: (n: number) => void, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(chunk.length);
      cb(null, chunk);
    },
  });
  await pipeline(fs.createReadStream(src), tap, fs.createWriteStream(dest, { flags: 'wx' }), { signal });
  return { sha256: hash.digest('hex'), bytes };
}

async function hashFile(file: string, onBytes: (n: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { signal })) {
    hash.update(chunk as Buffer);
    onBytes((chunk as Buffer).length);
  }
  return hash.digest('hex');
}

const DEFAULT_LICENCE: Record<string, string> = {
  Ensembl: 'Ensembl data: no restrictions (https://www.ensembl.org/info/about/legal/disclaimer.html)',
  RefSeq: 'NCBI RefSeq: public domain (https://www.ncbi.nlm.nih.gov/home/about/policies/)',
  clinvar: 'ClinVar data are public domain (NCBI); not intended for direct diagnostic use without review by a genetics professional',
  panel: "Genomics England PanelApp content: use under Genomics England's terms (https://panelapp.genomicsengland.co.uk)",
  frequency: 'gnomAD data: CC0 1.0, per gnomAD’s terms (https://gnomad.broadinstitute.org/terms); do not attempt to re-identify participants',
};
const UNSTATED_LICENCE = 'Not stated by the files: check the source’s terms before clinical use';

export function createPacksService({ dataDir, builtInDir, actor, clock = systemClock, onChange, contentWorkerUrl }: PacksServiceDeps) {
  const root = path.join(dataDir, 'packs');
  let installing = false;

  function ensureRoot(): void {
    fs.mkdirSync(root, { recursive: true });
  }

  /**
   * Start-up repair: temporary install folders are removed; a pack moved aside for replacement whose
   * successor never arrived (a crash between the two renames) is moved back.
   */
  function recoverInterrupted(): void {
    if (!fs.existsSync(root)) return;
    for (const name of fs.readdirSync(root)) {
      const full = path.join(root, name);
      if (name.startsWith('.install-') || name.startsWith('.removing-')) {
        fs.rmSync(full, { recursive: true, force: true });
      } else if (name.startsWith('.old-')) {
        let id: string | undefined;
        try {
          id = readStoredManifest(full).id;
        } catch {
          id = undefined;
        }
        if (id && !fs.existsSync(path.join(root, id))) fs.renameSync(full, path.join(root, id));
        else fs.rmSync(full, { recursive: true, force: true });
      }
    }
  }

  function info(dir: string, builtIn: boolean): PackInfo {
    const m = readStoredManifest(dir);
    let record: InstallRecord | null = null;
    if (!builtIn && fs.existsSync(path.join(dir, INSTALL_FILE))) {
      try {
        record = readJson(path.join(dir, INSTALL_FILE)) as InstallRecord;
      } catch {
        record = null;
      }
    }
    const panels = m.panels;
    return {
      id: m.id,
      kind: m.kind,
      build: m.build,
      name: m.name,
      source: m.source,
      version: m.version,
      date: m.date,
      licence: m.licence,
      sha256: mainFile(m).sha256,
      files: m.files,
      bytes: m.files.reduce((n, f) => n + f.bytes, 0),
      notes: m.notes ?? null,
      builtIn,
      installedAt: record?.installedAt ?? null,
      installedBy: record?.installedBy ?? null,
      active: false,
      installed: false,
      ...(panels ? { panels } : {}),
    };
  }

  function installedInfos(): PackInfo[] {
    if (!fs.existsSync(root)) return [];
    const out: PackInfo[] = [];
    for (const name of fs.readdirSync(root).sort()) {
      if (name.startsWith('.')) continue;
      const dir = path.join(root, name);
      if (!fs.statSync(dir).isDirectory()) continue;
      try {
        out.push(info(dir, false));
      } catch {
        // A folder without a readable manifest is not a pack (left for a person to inspect); never used.
      }
    }
    // Active: per kind and build, the most recently installed; every panel pack is available.
    const newest = new Map<string, PackInfo>();
    for (const p of out) {
      if (p.kind === 'panel') {
        p.active = true;
        continue;
      }
      const k = `${p.kind}\u0000${p.build}`;
      const prev = newest.get(k);
      if (!prev || (p.installedAt ?? '') > (prev.installedAt ?? '')) newest.set(k, p);
    }
    for (const p of newest.values()) p.active = true;
    return out.sort((a, b) => a.kind.localeCompare(b.kind) || (b.installedAt ?? '').localeCompare(a.installedAt ?? '') || a.id.localeCompare(b.id));
  }

  function builtInInfos(installed: PackInfo[]): PackInfo[] {
    if (!builtInDir || !fs.existsSync(builtInDir)) return [];
    const out: PackInfo[] = [];
    for (const name of fs.readdirSync(builtInDir).sort()) {
      const dir = path.join(builtInDir, name);
      if (!fs.statSync(dir).isDirectory() || !fs.existsSync(path.join(dir, MANIFEST_FILE))) continue;
      const p = info(dir, true);
      p.installed = installed.some((i) => i.id === p.id && i.version === p.version && i.sha256 === p.sha256);
      out.push(p);
    }
    return out;
  }

  function builtInFolder(id: string): string {
    const dir = builtInDir ? path.join(builtInDir, id) : '';
    if (!builtInDir || !/^[A-Za-z0-9._-]+$/.test(id) || !fs.existsSync(path.join(dir, MANIFEST_FILE))) {
      throw new AppError('packs/not-found', `There is no built-in pack "${id}".`, { id });
    }
    return dir;
  }

  async function install(request: PackInstallRequest, options: PackInstallOptions = {}): Promise<PackInfo> {
    const req = packInstallRequestSchema.parse(request);
    if (installing) throw new AppError('packs/install-in-progress', 'Another pack is being installed; wait for it to finish.', {});
    installing = true;
    const { signal, onProgress } = options;
    ensureRoot();
    const temp = path.join(root, `.install-${randomUUID()}`);
    let lastProgress = 0;
    let lastPhase = '';
    const progress = (p: PackInstallProgress, force = false) => {
      if (!onProgress) return;
      const now = Date.now();
      // Throttled, except that the first event of each phase always goes out.
      if (!force && p.phase === lastPhase && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      lastPhase = p.phase;
      onProgress(p);
    };
    const cancelled = () => new AppError('packs/cancelled', 'The pack installation was cancelled; the previous pack is still in use.', {});
    const throwIfAborted = () => {
      if (signal?.aborted) throw cancelled();
    };
    try {
      // 1. What is being installed: a pack folder (with its manifest) or the plain files of one pack.
      const paths = req.builtInId ? [builtInFolder(req.builtInId)] : (req.paths ?? []).map((p) => path.resolve(p));
      const folder = paths.length === 1 && fs.existsSync(paths[0]) && fs.statSync(paths[0]).isDirectory() ? paths[0] : null;
      let given: StoredPackManifest | null = null;
      let kind: StoredPackManifest['kind'];
      const entries: FileEntry[] = [];
      if (folder) {
        given = readStoredManifest(folder);
        kind = given.kind;
        for (const f of given.files) entries.push({ src: path.join(folder, f.path), role: f.role, dest: f.path, expected: { sha256: f.sha256, bytes: f.bytes } });
      } else {
        const plan = planFromFiles(paths);
        kind = plan.kind;
        const fasta = plan.files.find((f) => f.role === 'fasta');
        for (const f of plan.files) {
          // Index sidecars must sit beside their FASTA under its name (`<fasta>.fai`, `<fasta>.gzi`).
          const dest =
            f.role === 'fasta-fai' && fasta ? `${path.basename(fasta.src)}.fai` : f.role === 'fasta-gzi' && fasta ? `${path.basename(fasta.src)}.gzi` : path.basename(f.src);
          entries.push({ src: f.src, role: f.role, dest });
        }
      }
      for (const e of entries) {
        if (!fs.existsSync(e.src)) throw new AppError('packs/file-not-found', `The pack file ${e.src} does not exist.`, { file: e.src });
      }
      const totalBytes = entries.reduce((n, e) => n + fs.statSync(e.src).size, 0);

      // 2. Copy into the temporary folder, hashing on the way; a shipped manifest's checksums must match.
      fs.mkdirSync(temp);
      let copied = 0;
      const hashes = new Map<string, { sha256: string; bytes: number }>();
      for (const e of entries) {
        throwIfAborted();
        const dest = path.join(temp, e.dest);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        let got: { sha256: string; bytes: number };
        try {
          got = await copyHashed(
            e.src,
            dest,
            (n) => {
              copied += n;
              progress({ phase: 'copying', file: e.dest, bytes: copied, totalBytes });
            },
            signal,
          );
        } catch (err) {
          if (signal?.aborted) throw cancelled();
          throw new AppError('packs/file-not-found', `${e.src} could not be read: ${(err as Error).message}`, { file: e.src });
        }
        if (e.expected && (got.bytes !== e.expected.bytes || got.sha256 !== e.expected.sha256)) {
          throw new AppError(
            'packs/corrupt',
            got.bytes !== e.expected.bytes
              ? `${e.dest} is ${got.bytes} bytes but the pack manifest says ${e.expected.bytes} (truncated or replaced).`
              : `${e.dest} does not match its checksum in the pack manifest (damaged or replaced).`,
            { file: e.src, expectedBytes: e.expected.bytes, actualBytes: got.bytes, expected: e.expected.sha256, actual: got.sha256 },
          );
        }
        hashes.set(e.dest, got);
      }
      await options.afterCopy?.(temp);

      // 3. Verify the copies themselves: what annotation will read is exactly what was checked.
      let verified = 0;
      for (const e of entries) {
        throwIfAborted();
        const file = path.join(temp, e.dest);
        const want = hashes.get(e.dest) as { sha256: string; bytes: number };
        const size = fs.existsSync(file) ? fs.statSync(file).size : -1;
        if (size !== want.bytes) {
          throw new AppError('packs/corrupt', `The copy of ${e.dest} is ${size < 0 ? 'missing' : `${size} bytes`}, not ${want.bytes} (truncated while installing).`, {
            file: e.src,
            expectedBytes: want.bytes,
            actualBytes: size,
          });
        }
        const digest = await hashFile(file, (n) => progress({ phase: 'verifying', file: e.dest, bytes: (verified += n), totalBytes }), signal).catch((err: unknown) => {
          if (signal?.aborted) throw cancelled();
          throw err;
        });
        if (digest !== want.sha256) {
          throw new AppError('packs/corrupt', `The copy of ${e.dest} does not match the original's checksum (damaged while installing).`, {
            file: e.src,
            expected: want.sha256,
            actual: digest,
          });
        }
      }

      // 4. Parse to the end and agree on one build.
      throwIfAborted();
      progress({ phase: 'checking', file: '', bytes: totalBytes, totalBytes }, true);
      const at = (role: string) => {
        const e = entries.find((x) => x.role === role);
        if (!e) throw new AppError('packs/corrupt', `The pack has no ${role} file.`, { role });
        return path.join(temp, e.dest);
      };
      const declared: GenomeBuild | undefined = req.build ?? (given && given.build !== 'any' ? given.build : undefined);
      let facts: ContentFacts;
      if (kind === 'panel') facts = checkPanelContent(at('panel'), req.version ?? given?.version);
      else {
        // Indexing reads the files to the end in a worker thread (content-check-worker-client.ts); progress
        // counts the bytes of each file as it is read.
        const job: ContentCheckJob =
          kind === 'transcripts'
            ? { kind, files: { gff3: at('gff3'), fasta: at('fasta') }, declared, packDir: temp }
            : { kind, file: at(kind === 'clinvar' ? 'clinvar-vcf' : 'frequency-vcf'), declared, packDir: temp };
        facts = await runContentCheckInWorker(job, {
          workerUrl: contentWorkerUrl,
          signal,
          cancelled,
          onProgress: (p) => progress({ phase: 'checking', file: p.file, bytes: p.bytes, totalBytes: p.totalBytes }),
        });
      }
      throwIfAborted();

      // 5. The manifest: a shipped one is kept as it is; one made from plain files records what they say.
      const derived = facts.derivedFiles ?? [];
      const files = [
        ...entries.map((e) => ({ role: e.role, path: e.dest, ...(hashes.get(e.dest) as { sha256: string; bytes: number }) })),
        ...derived,
      ];
      const today = clock.now().toISOString().slice(0, 10);
      const mainEntry = files.find((f) => f.role === 'gff3' || f.role === 'clinvar-vcf' || f.role === 'frequency-vcf' || f.role === 'panel') ?? files[0];
      const panels = facts.panels?.map((p) => ({ id: p.id, name: p.name, version: p.version }));
      let manifest: StoredPackManifest;
      if (given) {
        // A shipped manifest's own index entries (a pack folder copied from an installation) give way to the new index.
        const givenFiles = given.files.filter((f) => !derived.some((d) => d.role === f.role));
        manifest = { ...given, ...(derived.length ? { files: [...givenFiles, ...derived] } : {}), ...(panels ? { panels } : {}) };
      } else {
        const version = req.version ?? facts.version ?? `sha256:${mainEntry.sha256.slice(0, 12)}`;
        const build = facts.build;
        const onePanel = facts.panels?.length === 1 ? facts.panels[0] : undefined;
        const id =
          req.id ??
          (kind === 'transcripts'
            ? `${slug(facts.flavour ?? 'gff3')}-${build.toLowerCase()}-${slug(path.basename(entries[0].src))}`
            : kind === 'clinvar'
              ? `clinvar-${build.toLowerCase()}-${slug(version)}`
              : kind === 'frequency'
                ? `gnomad-${slug(version)}-${build.toLowerCase()}-${slug(path.basename(entries[0].src))}`
                : onePanel
                ? `panelapp-${slug(onePanel.id)}`
                : `panelapp-${slug(path.basename(entries[0].src))}`);
        const names = entries.map((e) => path.basename(e.src));
        manifest = {
          schemaVersion: 1,
          id,
          kind,
          build,
          name:
            kind === 'transcripts'
              ? `${facts.flavour ?? 'GFF3'} transcripts ${build} (${names[0]})`
              : kind === 'clinvar'
                ? `ClinVar ${facts.date ?? version} ${build}`
                : kind === 'frequency'
                  ? `gnomAD ${version} ${build} (${names[0]})`
                  : onePanel
                  ? `PanelApp ${onePanel.name} v${onePanel.version}`
                  : `PanelApp export ${names[0]} (${facts.panels?.length ?? 0} panels)`,
          source:
            kind === 'transcripts'
              ? `${facts.flavour ?? 'GFF3'} files ${names.join(', ')}`
              : `${kind === 'clinvar' ? 'ClinVar VCF' : kind === 'frequency' ? `${facts.flavour ?? 'gnomAD'} sites VCF` : 'PanelApp export'} ${names[0]}`,
          version,
          date: facts.date ?? today,
          licence: req.licence ?? DEFAULT_LICENCE[kind === 'transcripts' ? (facts.flavour ?? '') : kind] ?? UNSTATED_LICENCE,
          files,
          provenance: [
            ...entries.map((e) => ({ file: e.dest, origin: e.src, derivation: 'Copied byte-for-byte by genodesk packs install.' })),
            ...derived.map((d) => ({ file: d.path, origin: entries.map((e) => e.dest).join(', '), derivation: 'Index written by genodesk packs install.' })),
          ],
          ...(facts.notes ? { notes: facts.notes } : {}),
          ...(panels ? { panels } : {}),
        };
      }
      storedPackManifestSchema.parse(manifest);
      const record: InstallRecord = { installedAt: clock.now().toISOString(), installedBy: actor, origin: folder ? [folder] : paths };
      fs.writeFileSync(path.join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      fs.writeFileSync(path.join(temp, INSTALL_FILE), `${JSON.stringify(record, null, 2)}\n`);
      throwIfAborted();

      // 6. Switch over: move the previous pack aside, move the new one in, then delete the old one.
      progress({ phase: 'finishing', file: '', bytes: totalBytes, totalBytes }, true);
      const target = path.join(root, manifest.id);
      let replaced: { id: string; version: string } | null = null;
      let aside: string | null = null;
      if (fs.existsSync(target)) {
        try {
          const old = readStoredManifest(target);
          replaced = { id: old.id, version: old.version };
        } catch {
          replaced = { id: manifest.id, version: 'unreadable' };
        }
        aside = path.join(root, `.old-${randomUUID()}`);
        fs.renameSync(target, aside);
      }
      try {
        fs.renameSync(temp, target);
      } catch (err) {
        if (aside) fs.renameSync(aside, target);
        throw err;
      }
      if (aside) fs.rmSync(aside, { recursive: true, force: true });
      const pack = list().installed.find((p) => p.id === manifest.id) ?? info(target, false);
      onChange?.({ action: 'install', pack, replaced });
      return pack;
    } catch (err) {
      fs.rmSync(temp, { recursive: true, force: true });
      if (signal?.aborted && !(isAppError(err) && err.code === 'packs/cancelled')) throw cancelled();
      throw err;
    } finally {
      installing = false;
    }
  }

  function list(): PackList {
    const installed = installedInfos();
    return { installed, builtIn: builtInInfos(installed) };
  }

  function get(id: string): PackInfo {
    const p = installedInfos().find((x) => x.id === id);
    if (!p) throw new AppError('packs/not-found', `No pack "${id}" is installed.`, { id, installed: installedInfos().map((x) => x.id) });
    return p;
  }

  function remove(id: string): PackInfo {
    const pack = get(id);
    const dir = path.join(root, pack.id);
    // Renamed first so a crash mid-delete leaves no half pack that looks installed.
    const doomed = path.join(root, `.removing-${randomUUID()}`);
    fs.renameSync(dir, doomed);
    fs.rmSync(doomed, { recursive: true, force: true });
    onChange?.({ action: 'remove', pack });
    return pack;
  }

  /** The transcript, ClinVar and frequency packs annotation uses for a build: the most recently installed of each. */
  function active(build: GenomeBuild): ActivePacks {
    const out: ActivePacks = {};
    for (const p of installedInfos()) {
      if (!p.active || p.build !== build) continue;
      const dir = path.join(root, p.id);
      const version = packVersionOf(readStoredManifest(dir));
      if (p.kind === 'transcripts') out.transcripts = { dir, version };
      else if (p.kind === 'clinvar') out.clinvar = { dir, version };
      else if (p.kind === 'frequency') out.frequency = { dir, version };
    }
    return out;
  }

  /** Folders and files of the installed panel packs (read by the diagnosis panel library). */
  function panelFiles(): { id: string; version: string; file: string }[] {
    return installedInfos()
      .filter((p) => p.kind === 'panel')
      .flatMap((p) => p.files.filter((f) => f.role === 'panel').map((f) => ({ id: p.id, version: p.version, file: path.join(root, p.id, f.path) })));
  }

  recoverInterrupted();

  return { install, list, get, remove, active, panelFiles, recoverInterrupted, root };
}
