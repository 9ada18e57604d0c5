// Reads the Human Phenotype Ontology's OBO 1.2 release file (hp.obo) into plain records. Only what
// GenoDesk reasons with: id, name, definition, synonyms, is_a parents, alt_id, obsolete with
// replaced_by/consider. Other stanzas (Typedef) and tags are skipped; HPO's content is never altered.
import { AppError } from '../../../../../shared/errors.ts';

export interface OboTerm {
  id: string;
  label: string;
  definition: string | null;
  synonyms: string[];
  parents: string[];
  altIds: string[];
  obsolete: boolean;
  replacedBy: string | null;
  consider: string[];
}

export interface OboFile {
  /** `data-version: hp/releases/2026-02-16` as written. */
  dataVersion: string;
  terms: OboTerm[];
}

/** OBO quoted strings escape `"` and `\`; the rest of the line (xrefs, synonym scope) is not needed. */
function quoted(value: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"/.exec(value);
  return m ? m[1].replace(/\\(.)/g, '$1') : value;
}

export function parseObo(text: string, fileName = 'hp.obo'): OboFile {
  const lines = text.split(/\r?\n/);
  let dataVersion = '';
  const terms: OboTerm[] = [];
  let current: OboTerm | null = null;
  let inTerm = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('[')) {
      if (current) terms.push(current);
      current = null;
      inTerm = line.trim() === '[Term]';
      if (inTerm) current = { id: '', label: '', definition: null, synonyms: [], parents: [], altIds: [], obsolete: false, replacedBy: null, consider: [] };
      continue;
    }
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const tag = line.slice(0, colon);
    const value = line.slice(colon + 2);
    if (!current) {
      if (!inTerm && tag === 'data-version' && !dataVersion) dataVersion = value.trim();
      continue;
    }
    switch (tag) {
      case 'id':
        current.id = value.trim();
        break;
      case 'name':
        current.label = value.trim();
        break;
      case 'def':
        current.definition = quoted(value);
        break;
      case 'synonym':
        current.synonyms.push(quoted(value));
        break;
      case 'is_a':
        current.parents.push(value.split(' ', 1)[0]);
        break;
      case 'alt_id':
        current.altIds.push(value.trim());
        break;
      case 'is_obsolete':
        current.obsolete = value.trim() === 'true';
        break;
      case 'replaced_by':
        current.replacedBy = value.trim();
        break;
      case 'consider':
        current.consider.push(value.trim());
        break;
      default:
        break;
    }
    if (tag === 'id' && !/^HP:\d{7}$/.test(current.id)) {
      throw new AppError('phenotype/data-corrupt', `${fileName} line ${i + 1}: expected a term id such as HP:0000001, found "${current.id}".`, { file: fileName, line: i + 1 });
    }
  }
  if (current) terms.push(current);
  if (!dataVersion || terms.length === 0) {
    throw new AppError('phenotype/data-corrupt', `${fileName} is not an HPO OBO release: expected a "data-version:" header and [Term] stanzas.`, { file: fileName });
  }
  return { dataVersion, terms };
}
