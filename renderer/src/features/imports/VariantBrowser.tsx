import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { VariantRow, VariantSortKey, Zygosity } from '../../../../shared/schemas/vcf.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatCount } from '../../lib/format.ts';

const PAGE = 200;
const ROW_HEIGHT = 36;
const GENOTYPE_CHOICES: { value: Zygosity; label: string }[] = [
  { value: 'het', label: 'Heterozygous' },
  { value: 'hom-alt', label: 'Homozygous alternate' },
  { value: 'hom-ref', label: 'Homozygous reference' },
  { value: 'hemi-alt', label: 'Hemizygous' },
  { value: 'no-call', label: 'No call' },
];

interface Filters {
  region: string;
  gene: string;
  genotype: Zygosity[];
  passOnly: boolean;
}

const COLUMNS: { label: string; width: string; sort?: VariantSortKey }[] = [
  { label: 'Position', width: '18%', sort: 'position' },
  { label: 'Change', width: '16%' },
  { label: 'Genes', width: '12%' },
  { label: 'Genotype', width: '14%' },
  { label: 'FILTER', width: '10%' },
  { label: 'QUAL', width: '10%', sort: 'quality' },
  { label: 'GQ', width: '8%', sort: 'genotypeQuality' },
  { label: 'DP', width: '8%', sort: 'depth' },
];

function truncate(s: string, n = 12): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * A patient's variants, filtered, sorted and paged by the main process (millions of rows never cross
 * IPC), rendered with a virtualised list so scrolling stays smooth.
 */
export function VariantBrowser({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const [draft, setDraft] = useState<Filters>({ region: '', gene: '', genotype: [], passOnly: false });
  const [filters, setFilters] = useState<Filters>(draft);
  const [sort, setSort] = useState<{ key: VariantSortKey; direction: 'asc' | 'desc' }>({ key: 'position', direction: 'asc' });
  const [total, setTotal] = useState<number | null>(null);
  const [rows, setRows] = useState<Map<number, VariantRow>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const parentRef = useRef<HTMLDivElement>(null);

  const loadPage = useCallback(
    async (page: number, gen: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      try {
        const result = await call('variants:query', {
          patientId,
          region: filters.region.trim() || undefined,
          gene: filters.gene.trim() || undefined,
          genotype: filters.genotype.length ? filters.genotype : undefined,
          passOnly: filters.passOnly || undefined,
          sort,
          offset: page * PAGE,
          limit: PAGE,
        });
        if (gen !== generation.current) return;
        setTotal(result.total);
        setRows((prev) => {
          const next = new Map(prev);
          result.variants.forEach((v, i) => next.set(page * PAGE + i, v));
          return next;
        });
        setError(null);
      } catch (err) {
        if (gen === generation.current) setError(err instanceof RequestError ? describeError(err.error) : String(err));
      } finally {
        loading.current.delete(page);
      }
    },
    [patientId, filters, sort],
  );

  // A new query starts a new generation: answers to the old one are dropped.
  useEffect(() => {
    generation.current += 1;
    loading.current.clear();
    setRows(new Map());
    setTotal(null);
    void loadPage(0, generation.current);
  }, [loadPage, refreshKey]);

  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    const pages = new Set(items.filter((it) => !rows.has(it.index)).map((it) => Math.floor(it.index / PAGE)));
    pages.forEach((p) => void loadPage(p, generation.current));
  }, [items, rows, loadPage]);

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters(draft);
  }

  function toggleSort(key: VariantSortKey) {
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: key === 'position' ? 'asc' : 'desc' }));
  }

  return (
    <section aria-labelledby="variants-heading" data-testid="variant-browser">
      <h3 className="nhsuk-heading-s" id="variants-heading">
        Variants
      </h3>
      <form className="gd-filters" onSubmit={apply} noValidate>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="filter-region">
            Region
          </label>
          <div className="nhsuk-hint">For example chr21:25000000-26000000</div>
          <input className="nhsuk-input nhsuk-input--width-20" id="filter-region" value={draft.region} onChange={(e) => setDraft({ ...draft, region: e.target.value })} />
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="filter-gene">
            Gene
          </label>
          <div className="nhsuk-hint">HGNC symbol, for example APP</div>
          <input className="nhsuk-input nhsuk-input--width-10" id="filter-gene" value={draft.gene} onChange={(e) => setDraft({ ...draft, gene: e.target.value })} />
        </div>
        <fieldset className="nhsuk-fieldset nhsuk-form-group">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Genotype</legend>
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            {GENOTYPE_CHOICES.map((g) => (
              <div className="nhsuk-checkboxes__item" key={g.value}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={`gt-${g.value}`}
                  type="checkbox"
                  checked={draft.genotype.includes(g.value)}
                  onChange={(e) => setDraft({ ...draft, genotype: e.target.checked ? [...draft.genotype, g.value] : draft.genotype.filter((x) => x !== g.value) })}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`gt-${g.value}`}>
                  {g.label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <div className="nhsuk-checkboxes__item">
              <input className="nhsuk-checkboxes__input" id="filter-pass" type="checkbox" checked={draft.passOnly} onChange={(e) => setDraft({ ...draft, passOnly: e.target.checked })} />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="filter-pass">
                FILTER is PASS
              </label>
            </div>
          </div>
        </div>
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Apply filters
        </button>
      </form>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
      <p className="nhsuk-body-s" role="status" data-testid="variant-count">
        {total === null ? 'Loading variants…' : `${formatCount(total)} variants`}
      </p>
      <div className="gd-vtable" role="table" aria-label="Variants" aria-rowcount={total ?? 0}>
        <div className="gd-vtable__head" role="row">
          {COLUMNS.map((c) => (
            <div className="gd-vtable__cell" role="columnheader" style={{ width: c.width }} key={c.label} aria-sort={c.sort && sort.key === c.sort ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
              {c.sort ? (
                <button type="button" className="gd-sort" onClick={() => toggleSort(c.sort!)}>
                  {c.label}
                  {sort.key === c.sort ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              ) : (
                c.label
              )}
            </div>
          ))}
        </div>
        <div ref={parentRef} className="gd-vtable__body" data-testid="variant-rows">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const v = rows.get(item.index);
              return (
                <div className="gd-vtable__row" role="row" key={item.key} style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }} aria-rowindex={item.index + 1}>
                  {v ? (
                    <>
                      <div className="gd-vtable__cell" role="cell" style={{ width: COLUMNS[0].width }}>
                        {v.chrom}:{formatCount(v.pos)}
                      </div>
                      <div className="gd-vtable__cell" role="cell" style={{ width: COLUMNS[1].width }} title={`${v.ref}>${v.alt}`}>
                        {truncate(v.ref)}&gt;{truncate(v.alt)}
                      </div>
                      <div className="gd-vtable__cell" role="cell" style={{ width: COLUMNS[2].width }}>
                        {v.genes.join(', ') || '—'}
                      </div>
                      <div className="gd-vtable__cell" role="cell" style={{ width: COLUMNS[3].width }}>
                        {v.genotype ?? '—'} <span className="gd-muted">{v.zygosity}</span>
                      </div>
                      <div className="gd-vtable__cell" role="cell" style={{ width: COLUMNS[4].width }}>
                        {v.filter ?? '.'}
                      </div>
                      <div className="gd-vtable__cell" role="cell" style={{ width: COLUMNS[5].width }}>
                        {v.quality ?? '.'}
                      </div>
                      <div className="gd-vtable__cell" role="cell" style={{ width: COLUMNS[6].width }}>
                        {v.genotypeQuality ?? '.'}
                      </div>
                      <div className="gd-vtable__cell" role="cell" style={{ width: COLUMNS[7].width }}>
                        {v.depth ?? '.'}
                      </div>
                    </>
                  ) : (
                    <div className="gd-vtable__cell gd-muted" role="cell">
                      Loading…
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
