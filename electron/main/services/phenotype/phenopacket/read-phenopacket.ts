// Reads a GA4GH Phenopacket (schema v2, https://phenopacket-schema.readthedocs.io/en/2.0.0/) as JSON, the
// form phenopacket-store, Exomiser, LIRICAL and PhEval exchange: the subject, its phenotypicFeatures
// (`type` an ontology class, `excluded` for looked-for-and-absent) and the HPO release named in
// metaData.resources. Anything else is refused with what was expected and where: a v1 packet (`negated`
// instead of `excluded`, no phenopacketSchemaVersion "2…") is not read as if it were v2.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/errors.ts';

export interface PhenopacketFeature {
  id: string;
  label: string;
  excluded: boolean;
}

export interface ReadPhenopacket {
  id: string;
  subjectId: string | null;
  schemaVersion: string;
  /** metaData.resources[hp].version, when the packet names it. */
  hpoVersion: string | null;
  features: PhenopacketFeature[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(file: string, message: string, where: string | null, extra: Record<string, unknown> = {}): AppError {
  return new AppError('phenotype/phenopacket-invalid', `${file}: ${message}`, { file, ...(where ? { field: where } : {}), ...extra });
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function readPhenopacket(text: string, file: string): ReadPhenopacket {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // V8 names a position for some syntax errors and none for a file that stops early (a cut-off copy).
    const reason = String((err as Error).message);
    const m = /position (\d+)/.exec(reason);
    const at = m ? lineAndColumn(text, Number(m[1])) : /end of JSON input/.test(reason) ? lineAndColumn(text, text.trimEnd().length) : null;
    throw invalid(file, `not JSON${at ? ` (line ${at.line}, column ${at.column})` : ''}: a phenopacket is a GA4GH Phenopacket v2 JSON file.`, null, at ?? {});
  }
  if (!isObject(doc)) throw invalid(file, 'expected a JSON object (one phenopacket), found something else.', null);
  const meta = doc.metaData;
  if (!isObject(meta)) throw invalid(file, 'no metaData: every GA4GH phenopacket has metaData with phenopacketSchemaVersion.', 'metaData');
  const schemaVersion = typeof meta.phenopacketSchemaVersion === 'string' ? meta.phenopacketSchemaVersion : null;
  if (!schemaVersion || !/^2(\.|$)/.test(schemaVersion)) {
    throw invalid(
      file,
      `not a Phenopacket v2: metaData.phenopacketSchemaVersion is ${schemaVersion ? `"${schemaVersion}"` : 'missing'}, expected "2.0" or a later 2.x. Convert v1 packets with phenopacket-tools first.`,
      'metaData.phenopacketSchemaVersion',
      { found: schemaVersion },
    );
  }
  const features = doc.phenotypicFeatures;
  if (features !== undefined && !Array.isArray(features)) throw invalid(file, 'phenotypicFeatures must be a list.', 'phenotypicFeatures');
  if (!features || features.length === 0) {
    throw new AppError('phenotype/phenopacket-no-features', `${file}: the phenopacket lists no phenotypicFeatures, so there is no phenotype to import.`, { file, field: 'phenotypicFeatures' });
  }
  const read: PhenopacketFeature[] = features.map((f, i) => {
    const where = `phenotypicFeatures[${i}]`;
    if (!isObject(f) || !isObject(f.type) || typeof f.type.id !== 'string') throw invalid(file, `${where} has no type.id (an HPO class such as {"id": "HP:0001250", "label": "Seizure"}).`, `${where}.type.id`);
    if ('negated' in f) throw invalid(file, `${where} uses "negated", a Phenopacket v1 field; v2 says "excluded".`, `${where}.negated`);
    if (f.excluded !== undefined && typeof f.excluded !== 'boolean') throw invalid(file, `${where}.excluded must be true or false.`, `${where}.excluded`);
    return { id: f.type.id.trim(), label: typeof f.type.label === 'string' ? f.type.label : '', excluded: f.excluded === true };
  });
  const hp = Array.isArray(meta.resources) ? meta.resources.find((r) => isObject(r) && (r.id === 'hp' || r.namespacePrefix === 'HP')) : undefined;
  return {
    id: typeof doc.id === 'string' ? doc.id : '',
    subjectId: isObject(doc.subject) && typeof doc.subject.id === 'string' ? doc.subject.id : null,
    schemaVersion,
    hpoVersion: isObject(hp) && typeof hp.version === 'string' ? hp.version : null,
    features: read,
  };
}

/** A phenopacket file on disk (the CLI's --phenopacket and the app's import read it the same way). */
export function readPhenopacketFile(file: string): ReadPhenopacket {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('phenotype/phenopacket-invalid', `${file} could not be read. Choose a phenopacket JSON file that exists.`, { file });
  }
  return readPhenopacket(text, path.basename(file));
}
