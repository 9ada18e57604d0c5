// Reads one Genomics England PanelApp API v1 panel (`GET /api/v1/panels/{id}/`, saved as JSON).
// Only genes are tiered; STR and region entries are counted so the report can say they were not analysed.
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import type { GeneRegion, Panel, PanelGene } from '../../../../shared/schemas/diagnosis.ts';
import { normaliseChrom } from '../vcf/normalise-allele.ts';
import { mapPanelAppMoi } from './panelapp-moi.ts';
import { confidenceFromLevel, mergeDuplicateGenes } from './panel-genes.ts';

const RawEnsemblBuildSchema = z.record(z.string(), z.object({ location: z.string().optional() }).loose());

const RawGeneSchema = z
  .object({
    entity_type: z.string().optional(),
    entity_name: z.string().min(1),
    confidence_level: z.union([z.string(), z.number()]),
    mode_of_inheritance: z.string().nullable().optional(),
    phenotypes: z.array(z.string()).nullable().optional(),
    evidence: z.array(z.string()).nullable().optional(),
    gene_data: z
      .object({
        hgnc_id: z.string().nullable().optional(),
        gene_symbol: z.string().nullable().optional(),
        ensembl_genes: z.record(z.string(), RawEnsemblBuildSchema).nullable().optional(),
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();

const RawPanelSchema = z
  .object({
    id: z.union([z.number().int(), z.string().min(1)]),
    name: z.string().min(1),
    version: z.string().min(1),
    version_created: z.string().nullable().optional(),
    disease_group: z.string().nullable().optional(),
    genes: z.array(RawGeneSchema),
    strs: z.array(z.unknown()).optional(),
    regions: z.array(z.unknown()).optional(),
  })
  .loose();

/**
 * Gene extent from PanelApp's gene_data (keyed "GRch37"/"GRch38" by PanelApp, then by Ensembl release).
 * The newest release listed wins. Used only to place un-annotated variants in a panel gene.
 */
function geneRegion(ensemblGenes: Record<string, Record<string, { location?: string }>> | null | undefined, build: 'GRCh37' | 'GRCh38'): GeneRegion | null {
  if (!ensemblGenes) return null;
  const buildKey = Object.keys(ensemblGenes).find((k) => k.toLowerCase() === build.toLowerCase());
  if (!buildKey) return null;
  const releases = Object.keys(ensemblGenes[buildKey]).sort((a, b) => Number(b) - Number(a));
  for (const release of releases) {
    const loc = ensemblGenes[buildKey][release]?.location;
    const m = loc ? /^([^:]+):(\d+)-(\d+)$/.exec(loc.trim()) : null;
    if (m) {
      return { chrom: normaliseChrom(m[1]), start: Number(m[2]), end: Number(m[3]), source: `PanelApp gene_data ${build} Ensembl ${release}` };
    }
  }
  return null;
}

export function parsePanelAppApiPanel(json: unknown, origin = 'PanelApp API v1 panel'): Panel {
  const parsed = RawPanelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'diagnosis/panel-malformed',
      `${origin} is not a PanelApp API v1 panel: ${issue.path.join('.') || '(root)'} ${issue.message}. Export the panel again from PanelApp (GET /api/v1/panels/{id}/).`,
      { origin, path: issue.path.join('.'), expected: 'PanelApp API v1 panel JSON' },
    );
  }
  const raw = parsed.data;
  const warnings: string[] = [];
  const genes: PanelGene[] = [];
  for (const g of raw.genes) {
    if (g.entity_type && g.entity_type !== 'gene') continue;
    const level = Number(g.confidence_level);
    if (!Number.isInteger(level) || level < 0 || level > 4) {
      throw new AppError('diagnosis/panel-malformed', `${origin}: gene ${g.entity_name} has confidence level "${g.confidence_level}", expected 0 to 4.`, {
        origin,
        gene: g.entity_name,
        expected: '0..4',
      });
    }
    genes.push({
      symbol: g.entity_name,
      hgncId: g.gene_data?.hgnc_id ?? null,
      confidence: confidenceFromLevel(level),
      confidenceLevel: level,
      moi: mapPanelAppMoi(g.mode_of_inheritance),
      grch37: geneRegion(g.gene_data?.ensembl_genes, 'GRCh37'),
      grch38: geneRegion(g.gene_data?.ensembl_genes, 'GRCh38'),
      phenotypes: g.phenotypes ?? [],
      evidence: g.evidence ?? [],
    });
  }
  return {
    id: String(raw.id),
    name: raw.name,
    version: raw.version,
    versionCreated: raw.version_created ?? null,
    diseaseGroup: raw.disease_group || null,
    sourceKind: 'panelapp-api-v1',
    genes: mergeDuplicateGenes(genes, warnings),
    strCount: raw.strs?.length ?? 0,
    regionCount: raw.regions?.length ?? 0,
    warnings,
  };
}
