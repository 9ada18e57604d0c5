// The bundled HPO release (resources/hpo) as the stored phenotype sees it, parsed once per test file.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseObo } from '../../../electron/main/services/phenotype/ontology/parse-obo.ts';
import { HpoOntology } from '../../../electron/main/services/phenotype/ontology/hpo-ontology.ts';
import { catalogueFrom } from '../../../electron/main/services/phenotype/patient-phenotype/catalogue.ts';
import type { HpoCatalogue } from '../../../electron/main/services/phenotype/patient-phenotype/hpo-catalogue.ts';
import { RESOURCES } from '../../helpers/paths.ts';

let ontology: HpoOntology | undefined;

export function bundledOntology(): HpoOntology {
  if (!ontology) {
    const dir = path.join(RESOURCES, 'hpo');
    const obo = fs.readdirSync(dir).find((f) => /^hp\.obo\b.*\.gz$/.test(f))!;
    ontology = new HpoOntology(parseObo(zlib.gunzipSync(fs.readFileSync(path.join(dir, obo))).toString('utf8')));
  }
  return ontology;
}

export function bundledCatalogue(): HpoCatalogue {
  const o = bundledOntology();
  return catalogueFrom({ hpoVersion: () => o.version, resolveTerms: (ids) => ids.map((id) => o.resolve(id)) });
}
