// The stored phenotype's view of the installed HPO release, over the phenotype service's term resolution
// (obsolete ids → replaced_by, alt_ids → their term). An id the release cannot resolve is `unknown` here
// rather than an error: a stored term must still be shown, with its status, whatever release is installed.
import { AppError } from '../../../../../shared/errors.ts';
import type { HpoCatalogue, TermLookup } from './hpo-catalogue.ts';

interface Resolution {
  term: { id: string; label: string; definition: string | null };
  status: 'current' | 'alternative' | 'obsolete';
}

export interface TermResolver {
  hpoVersion(): string;
  resolveTerms(ids: string[]): Resolution[];
}

export function catalogueFrom(resolver: TermResolver): HpoCatalogue {
  const cache = new Map<string, TermLookup>();
  let cachedVersion: string | null = null;
  return {
    version: () => resolver.hpoVersion(),
    lookup(id) {
      // A newly installed HPO pack changes the answers: the cache holds one release's.
      const version = resolver.hpoVersion();
      if (version !== cachedVersion) {
        cache.clear();
        cachedVersion = version;
      }
      let hit = cache.get(id);
      if (!hit) {
        try {
          const [r] = resolver.resolveTerms([id]);
          hit = { status: r.status, term: { id: r.term.id, label: r.term.label, definition: r.term.definition } };
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'phenotype/unknown-term')) throw err;
          hit = { status: 'unknown', term: null };
        }
        cache.set(id, hit);
      }
      return hit;
    },
  };
}
