// Installed annotation packs as the Packs screen, the IPC contract and `genodesk packs …` show them (CLI.md).
// A pack on disk is `<dataDir>/packs/<id>/manifest.json` (packManifestSchema) plus its files; field names
// here are a public contract: add fields, never rename or drop one.
import { z } from 'zod';
import { PACK_KINDS, packFileSchema, packManifestSchema } from './annotation.ts';

/** Panel packs (PanelApp exports) carry coordinates for both builds, so they belong to no one build. */
export const PACK_BUILDS = ['GRCh37', 'GRCh38', 'any'] as const;
export type PackBuild = (typeof PACK_BUILDS)[number];

export const packPanelSchema = z.object({ id: z.string(), name: z.string(), version: z.string() });

/** The manifest as stored in the data folder: the annotation manifest, with 'any' build allowed for panels. */
export const storedPackManifestSchema = packManifestSchema.extend({
  build: z.enum(PACK_BUILDS),
  /** Panel packs: the panels the export holds, recorded at install. */
  panels: z.array(packPanelSchema).optional(),
});
export type StoredPackManifest = z.infer<typeof storedPackManifestSchema>;

export const packInfoSchema = z.object({
  id: z.string(),
  kind: z.enum(PACK_KINDS),
  build: z.enum(PACK_BUILDS),
  name: z.string(),
  source: z.string(),
  version: z.string(),
  date: z.string(),
  licence: z.string(),
  /** SHA-256 of the pack's main file (GFF3, ClinVar VCF or panel export); every file's is in `files`. */
  sha256: z.string(),
  files: z.array(packFileSchema),
  bytes: z.number().int().nonnegative(),
  notes: z.string().nullable(),
  /** Shipped with GenoDesk (resources/packs): offered for installation, not used until installed. */
  builtIn: z.boolean(),
  /** Installed in this data folder: when and by whom; null for a built-in pack not installed. */
  installedAt: z.string().nullable(),
  installedBy: z.string().nullable(),
  /** The pack annotation uses for its kind and build (the most recently installed one). */
  active: z.boolean(),
  /** For a built-in pack: the same id and version is installed. */
  installed: z.boolean(),
  /** Panel packs: the panels the export holds. */
  panels: z.array(packPanelSchema).optional(),
});
export type PackInfo = z.infer<typeof packInfoSchema>;

export const listPacksOutputSchema = z.object({ installed: z.array(packInfoSchema), builtIn: z.array(packInfoSchema) });
export type PackList = z.infer<typeof listPacksOutputSchema>;

export const packInstallRequestSchema = z
  .object({
    /** The files of ONE pack (GFF3 + FASTA [+ .fai/.gzi], or one ClinVar VCF, or one PanelApp export), or one pack folder. */
    paths: z.array(z.string().min(1).max(4096)).min(1).max(8).optional(),
    /** A pack shipped with GenoDesk, by id. */
    builtInId: z.string().min(1).max(200).optional(),
    /** Override the generated id / version / build / licence of a pack made from plain files. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, dot, dash and underscore')
      .optional(),
    version: z.string().min(1).max(200).optional(),
    build: z.enum(['GRCh37', 'GRCh38']).optional(),
    licence: z.string().min(1).max(2000).optional(),
  })
  .refine((r) => (r.paths ? 1 : 0) + (r.builtInId ? 1 : 0) === 1, { message: 'give either paths or builtInId' });
export type PackInstallRequest = z.infer<typeof packInstallRequestSchema>;

export const packInstallProgressSchema = z.object({
  /** copying into a temporary folder; verifying checksums; checking the content (build, parse); finishing: switching over. */
  phase: z.enum(['copying', 'verifying', 'checking', 'finishing']),
  file: z.string(),
  bytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
});
export type PackInstallProgress = z.infer<typeof packInstallProgressSchema>;
