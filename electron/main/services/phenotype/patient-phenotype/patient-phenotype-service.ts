// The patient's phenotype as the app, the CLI and sync use it: the stored terms (phenotype-store.ts) and
// GA4GH Phenopacket v2 in and out (../phenopacket/). HPO is reached only through `hpo()`, so nothing parses
// the ontology until a term is shown or saved.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/errors.ts';
import type { PatientPhenotype } from '../../../../../shared/schemas/patient-phenotype.ts';
import type { Sex } from '../../../../../shared/schemas/patient.ts';
import type { Store } from '../../../db/connection.ts';
import type { Clock } from '../../clock.ts';
import { systemClock } from '../../clock.ts';
import { createMutator } from '../../mutator.ts';
import { readPhenopacket, readPhenopacketFile } from '../phenopacket/read-phenopacket.ts';
import type { PhenopacketCase } from '../phenopacket/write-phenopacket.ts';
import { buildPhenopacket } from '../phenopacket/write-phenopacket.ts';
import type { HpoCatalogue } from './hpo-catalogue.ts';
import { createPhenotypeStore } from './phenotype-store.ts';

export interface PatientPhenotypeDeps {
  store: Store;
  actor: string;
  clock?: Clock;
  onCommitted?: () => void;
  hpo: () => HpoCatalogue;
  patientSex: (patientId: string) => Sex;
}

export interface PhenopacketImport {
  phenotype: PatientPhenotype;
  imported: { observed: number; excluded: number };
  /** Ids the packet gave that the installed release replaces, and a release difference. */
  warnings: string[];
}

export type PatientPhenotypeService = ReturnType<typeof createPatientPhenotypeService>;

export function createPatientPhenotypeService({ store, actor, clock = systemClock, onCommitted, hpo, patientSex }: PatientPhenotypeDeps) {
  const mutate = createMutator({ store, actor, clock, onCommitted });
  const phenotypes = createPhenotypeStore({ store, mutate, hpo });

  return {
    get: phenotypes.get,
    set: phenotypes.set,
    /** Every term ever recorded, removed ones included (sync sends those as entered-in-error). */
    recorded: phenotypes.recorded,

    /**
     * What a report lists: present and absent terms as recorded (a term the installed release replaced is
     * shown as its replacement, so every term is in the one release named), with that release. Null when
     * nothing was recorded.
     */
    reportTerms(patientId: string): { present: { id: string; label: string }[]; excluded: { id: string; label: string }[]; hpoRelease: string } | null {
      if (phenotypes.current(patientId).length === 0) return null;
      const p = phenotypes.get(patientId);
      const shown = p.terms.map((t) => ({ ...(t.replacedBy ?? { id: t.id, label: t.label }), excluded: t.excluded }));
      const brief = ({ id, label }: { id: string; label: string }) => ({ id, label });
      return { present: shown.filter((t) => !t.excluded).map(brief), excluded: shown.filter((t) => t.excluded).map(brief), hpoRelease: p.installedHpoRelease };
    },

    /**
     * Fills the patient's phenotype from a phenopacket, replacing the terms on record (the packet is the
     * case's phenotype). Checked whole before anything is written: a bad file or an unknown term leaves
     * the store exactly as it was.
     */
    importPhenopacket({ patientId, file, text, basedOnVersion }: { patientId: string; file?: string; text?: string; basedOnVersion?: number }): PhenopacketImport {
      const packet = text !== undefined ? readPhenopacket(text, file ? path.basename(file) : 'phenopacket') : readPhenopacketFile(file ?? '');
      const catalogue = hpo();
      const warnings: string[] = [];
      if (packet.hpoVersion && packet.hpoVersion !== catalogue.version()) {
        warnings.push(`The phenopacket was coded with HPO ${packet.hpoVersion}; its terms were checked against the installed HPO ${catalogue.version()}.`);
      }
      const seen = new Set<string>();
      const terms = [];
      for (const f of packet.features) {
        const found = catalogue.lookup(f.id);
        if (found.term && found.term.id !== f.id) {
          warnings.push(`${f.id}${f.label ? ` (${f.label})` : ''} is ${found.status === 'obsolete' ? 'obsolete' : 'an alternative id'} in HPO ${catalogue.version()}; stored as ${found.term.id} (${found.term.label}).`);
        }
        const key = `${found.term?.id ?? f.id}/${f.excluded}`;
        if (seen.has(key)) continue; // the same finding twice (e.g. an id and its alt_id): keep it once
        seen.add(key);
        terms.push({ id: f.id, excluded: f.excluded });
      }
      const phenotype = phenotypes.set({ patientId, terms, basedOnVersion, action: 'import-phenopacket' });
      return {
        phenotype,
        imported: { observed: phenotype.terms.filter((t) => !t.excluded).length, excluded: phenotype.terms.filter((t) => t.excluded).length },
        warnings,
      };
    },

    /**
     * The case as a Phenopacket v2 object, written to `file` when given. Terms an installed release
     * replaced are exported as their replacement, so the packet is coded in the one release metaData names.
     */
    exportPhenopacket({ patientId, file, candidates }: { patientId: string; file?: string; candidates?: PhenopacketCase['candidates'] }): { phenopacket: Record<string, unknown>; file: string | null } {
      const phenotype = phenotypes.get(patientId);
      if (file !== undefined) {
        if (!/\.json$/i.test(file) || !fs.existsSync(path.dirname(file))) {
          throw new AppError('phenotype/export-path-invalid', `${file}: give a file name ending in .json in a folder that exists.`, { file });
        }
      }
      const phenopacket = buildPhenopacket({
        patientId,
        sex: patientSex(patientId),
        features: phenotype.terms.map((t) => (t.replacedBy ? { id: t.replacedBy.id, label: t.replacedBy.label, excluded: t.excluded } : { id: t.id, label: t.label, excluded: t.excluded })),
        hpoVersion: phenotype.installedHpoRelease,
        candidates,
        created: clock.now().toISOString(),
        createdBy: actor,
      });
      if (file !== undefined) {
        try {
          // Written beside and renamed, so a crash never leaves half a file under the chosen name.
          fs.writeFileSync(`${file}.part`, `${JSON.stringify(phenopacket, null, 2)}\n`);
          fs.renameSync(`${file}.part`, file);
        } catch {
          throw new AppError('phenotype/export-path-invalid', `${file} could not be written. Choose a folder you can write to.`, { file });
        }
      }
      return { phenopacket, file: file ?? null };
    },
  };
}
