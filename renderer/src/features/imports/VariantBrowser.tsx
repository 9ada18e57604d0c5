import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Zygosity } from '../../../../shared/schemas/vcf.ts';
import type { AnnotatedSortKey, AnnotatedVariantRow, AnnotationRun, ClinvarClassName } from '../../../../shared/schemas/annotation-runs.ts';
import type { VariantFrequencyResult } from '../../../../shared/schemas/frequency.ts';
import { formatAf, frequencyStatusText } from '../../../../shared/schemas/frequency.ts';
import { IMPACTS } from '../../../../shared/schemas/annotation.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { CLINVAR_CLASS_LABELS, CLINVAR_FILTER_GROUPS, CONSEQUENCE_CHOICES, Stars } from '../annotation/annotation-format.tsx';
import { VariantDetailPanel } from '../annotation/VariantDetailPanel.tsx';
import { Details } from '../../components/Details.tsx';
import '../annotation/annotation.css';

const PAGE = 200;
const ROW_HEIGHT = 36;
const GENOTYPE_CHOICES: { value: Zygosity; label: string }[] = [
  { value: 'het', label: 'Heterozygous' },
  { value: 'hom-alt', label: 'Homozygous alternate' },
  { value: 'hom-ref', label: 'Homozygous reference' },
  { value: 'hemi-alt', label: 'Hemizygous' },
  { value: 'no-call', label: 'No call' },
];

type Impact = (typeof IMPACTS)[number];

interface Filters {
  region: string;
  gene: string;
  genotype: Zygosity[];
  passOnly: boolean;
  consequence: string;
  impact: Impact[];
  clinvar: string[];
  annotatedOnly: boolean;
  /** '' = any; else the highest population AF allowed, as text (a MAX_AF_CHOICES value). */
  maxAf: string;
}

const COLUMNS: { label: string; width: string; sort?: AnnotatedSortKey }[] = [
  { label: 'Position', width: '11%', sort: 'position' },
  { label: 'Change', width: '6%' },
  { label: 'Gene', width: '6%' },
  { label: 'Transcript', width: '10%' },
  { label: 'Consequence', width: '10%' },
  { label: 'HGVS c.', width: '7%' },
  { label: 'HGVS p.', width: '7%' },
  { label: 'ClinVar', width: '9%' },
  { label: 'gnomAD AF', width: '12%', sort: 'frequency' },
  { label: 'Genotype', width: '6%' },
  { label: 'FILTER', width: '6%' },
  { label: 'QUAL', width: '4%', sort: 'quality' },
  { label: 'GQ', width: '3%', sort: 'genotypeQuality' },
  { label: 'DP', width: '3%', sort: 'depth' },
];

/** HGVS without its reference sequence prefix (the transcript column already names it). */
function shortHgvs(h: string | null): string {
  if (!h) return '—';
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(colon + 1) : h;
}

/**
 * The population-frequency cell: the highest genetic-ancestry group's AF (grpmax/popmax) beside the overall
 * AF, "not seen" with the gnomAD version when the installed pack lacks the allele, "—" without a pack.
 */
function FrequencyCell({ result }: { result: VariantFrequencyResult | undefined }) {
  if (!result) return <>…</>;
  const f = result.frequency;
  if (!f) return result.frequencyStatus === 'no-pack' ? <>—</> : <span className="gd-muted">{frequencyStatusText(result)}</span>;
  return (
    <>
      {formatAf(f.af)}
      {f.grpmaxAf !== null && (
        <span className="gd-muted">
          {' '}
          max {formatAf(f.grpmaxAf)}
          {f.grpmax ? ` ${f.grpmax}` : ''}
        </span>
      )}
    </>
  );
}

function frequencyTitle(result: VariantFrequencyResult | undefined): string | undefined {
  const f = result?.frequency;
  if (!result) return undefined;
  if (!f) return frequencyStatusText(result);
  return `${f.source} ${f.version}: AF ${formatAf(f.af)}; highest group ${formatAf(f.grpmaxAf)}${f.grpmax ? ` (${f.grpmax})` : ''}; AC ${f.ac ?? '—'} / AN ${f.an ?? '—'}; ${f.homozygotes ?? '—'} homozygotes`;
}

function truncate(s: string, n = 12): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * Thresholds labs use: 5 % is ACMG/AMP's stand-alone benign (BA1); 1 % and 0.1 % the usual limits for
 * recessive and dominant disorders; 0.01 % for highly penetrant dominant ones (as the diagnosis workspace).
 */
const MAX_AF_CHOICES: [string, string][] = [
  ['0.05', 'At most 5 %'],
  ['0.01', 'At most 1 %'],
  ['0.001', 'At most 0.1 %'],
  ['0.0001', 'At most 0.01 %'],
];

/**
 * A patient's variants, filtered, sorted and paged by the main process (millions of rows never cross
 * IPC), rendered with a virtualised list so scrolling stays smooth.
 */
export function VariantBrowser({ patientId, refreshKey }: { patientId: string; refreshKey: number }) {
  const [draft, setDraft] = useState<Filters>({ region: '', gene: '', genotype: [], passOnly: false, consequence: '', impact: [], clinvar: [], annotatedOnly: false, maxAf: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersSummary = useRef<HTMLElement>(null);
  const [sort, setSort] = useState<{ key: AnnotatedSortKey; direction: 'asc' | 'desc' }>({ key: 'position', direction: 'asc' });
  const [total, setTotal] = useState<number | null>(null);
  const [annotated, setAnnotated] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  // '' is the current annotation; otherwise an earlier (superseded) run, read-only.
  const [runId, setRunId] = useState('');
  const [earlierRuns, setEarlierRuns] = useState<{ run: AnnotationRun; fileName: string }[]>([]);
  const [runsVersion, setRunsVersion] = useState(0);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  // A whole-genome run is ~2,500 chunks, removed a transaction at a time: seconds, so it says so.
  const [deleting, setDeleting] = useState(false);
  const [rows, setRows] = useState<Map<number, AnnotatedVariantRow>>(new Map());
  // Population frequencies by variant id, looked up a page at a time from the active gnomAD pack.
  const [frequencies, setFrequencies] = useState<Map<string, VariantFrequencyResult>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  // Which query the count on screen answers: tests (and assistive tech via aria-busy) wait on it.
  const [queryNumber, setQueryNumber] = useState(0);
  const parentRef = useRef<HTMLDivElement>(null);

  const loadPage = useCallback(
    async (page: number, gen: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      try {
        const result = await call('annotation:variants', {
          patientId,
          region: filters.region.trim() || undefined,
          gene: filters.gene.trim() || undefined,
          genotype: filters.genotype.length ? filters.genotype : undefined,
          passOnly: filters.passOnly || undefined,
          consequence: filters.consequence ? [filters.consequence] : undefined,
          impact: filters.impact.length ? filters.impact : undefined,
          clinvar: filters.clinvar.length ? (filters.clinvar as ClinvarClassName[]) : undefined,
          annotatedOnly: filters.annotatedOnly || undefined,
          maxAf: filters.maxAf ? Number(filters.maxAf) : undefined,
          runId: runId || undefined,
          sort,
          offset: page * PAGE,
          limit: PAGE,
        });
        if (gen !== generation.current) return;
        setTotal(result.total);
        setAnnotated(result.annotated);
        setRows((prev) => {
          const next = new Map(prev);
          result.variants.forEach((v, i) => next.set(page * PAGE + i, v));
          return next;
        });
        setError(null);
        if (result.variants.length) {
          const { results } = await call('frequency:variants', { variants: result.variants.map(({ importId, chrom, pos, ref, alt }) => ({ importId, chrom, pos, ref, alt })) });
          if (gen !== generation.current) return;
          setFrequencies((prev) => {
            const next = new Map(prev);
            result.variants.forEach((v, i) => next.set(v.id, results[i]));
            return next;
          });
        }
      } catch (err) {
        if (gen === generation.current) {
          setError(err instanceof RequestError ? describeError(err.error) : String(err));
          // A refused query (e.g. a frequency filter too broad) shows no rows, not "Loading…" for ever.
          if (page === 0) setTotal(0);
        }
      } finally {
        loading.current.delete(page);
      }
    },
    [patientId, filters, sort, runId],
  );

  useEffect(() => {
    void call('annotation:status', { patientId }).then((st) => {
      const runs = st.imports.flatMap((i) => i.earlierRuns.map((run) => ({ run, fileName: i.fileName })));
      setEarlierRuns(runs);
      if (!runs.some((r) => r.run.id === runId)) setRunId('');
    });
    // runId is read, not a dependency: the list reloads when the annotation changes, not on every choice.
  }, [patientId, refreshKey, runsVersion]);
  const shownRun = earlierRuns.find((r) => r.run.id === runId);

  async function deleteShownRun() {
    if (!shownRun) return;
    setDeleteError(null);
    setDeleting(true);
    try {
      await call('annotation:delete-run', { patientId, runId: shownRun.run.id });
      setConfirmDelete(false);
      setRunId('');
      setRunsVersion((v) => v + 1);
    } catch (err) {
      setDeleteError(err instanceof RequestError ? describeError(err.error) : String(err));
    } finally {
      setDeleting(false);
    }
  }

  // A new query starts a new generation: answers to the old one are dropped.
  useEffect(() => {
    generation.current += 1;
    setQueryNumber(generation.current);
    loading.current.clear();
    setRows(new Map());
    setFrequencies(new Map());
    setTotal(null);
    void loadPage(0, generation.current);
  }, [loadPage, refreshKey]);

  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    const pages = new Set(items.filter((it) => !rows.has(it.index)).map((it) => Math.floor(it.index / PAGE)));
    pages.forEach((p) => void loadPage(p, generation.current));
  }, [items, rows, loadPage]);

  const appliedCount =
    Number(filters.region.trim() !== '') +
    Number(filters.gene.trim() !== '') +
    Number(filters.genotype.length > 0) +
    Number(filters.passOnly) +
    Number(filters.annotatedOnly) +
    Number(filters.consequence !== '') +
    Number(filters.impact.length > 0) +
    Number(filters.clinvar.length > 0) +
    Number(filters.maxAf !== '');

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters(draft);
    // Folded again so the results, not the settings, fill the screen (the summary says how many apply);
    // focus goes to the summary, where the folded form reopens.
    setFiltersOpen(false);
    filtersSummary.current?.focus();
  }

  function toggleSort(key: AnnotatedSortKey) {
    // Position and frequency start ascending (rarest first); call-quality columns best first.
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: key === 'position' || key === 'frequency' ? 'asc' : 'desc' }));
  }

  return (
    <section aria-labelledby="variants-heading" data-testid="variant-browser">
      <h3 className="nhsuk-heading-s" id="variants-heading">
        Variants
      </h3>
      {/* Folded: at 1366 × 768 the open form filled the first screen, so the variants started below it. The
          summary says how many filters are applied, so a filtered list is never mistaken for the whole import. */}
      <Details
        summary={appliedCount === 0 ? 'Filter variants' : `Filter variants (${appliedCount} applied)`}
        testId="variant-filters"
        open={filtersOpen}
        onToggle={setFiltersOpen}
        summaryRef={filtersSummary}
      >
      <form className="gd-filters" onSubmit={apply} noValidate>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="filter-region">
            Region
          </label>
          <div className="nhsuk-hint">For example chr21:25000000-26000000</div>
          <input
            className="nhsuk-input nhsuk-input--width-20"
            id="filter-region"
            value={draft.region}
            onChange={(e) => {
              const value = e.target.value;
              setDraft((d) => ({ ...d, region: value }));
            }}
          />
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="filter-gene">
            Gene
          </label>
          <div className="nhsuk-hint">HGNC symbol, for example APP</div>
          <input
            className="nhsuk-input nhsuk-input--width-10"
            id="filter-gene"
            value={draft.gene}
            onChange={(e) => {
              const value = e.target.value;
              setDraft((d) => ({ ...d, gene: value }));
            }}
          />
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
                  onChange={(e) => {
                    const checked = e.target.checked;
                    setDraft((d) => ({ ...d, genotype: checked ? [...d.genotype, g.value] : d.genotype.filter((x) => x !== g.value) }));
                  }}
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
              <input
                className="nhsuk-checkboxes__input"
                id="filter-pass"
                type="checkbox"
                checked={draft.passOnly}
                onChange={(e) => {
                  const checked = e.target.checked;
                  setDraft((d) => ({ ...d, passOnly: checked }));
                }}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="filter-pass">
                FILTER is PASS
              </label>
            </div>
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id="filter-annotated"
                type="checkbox"
                checked={draft.annotatedOnly}
                onChange={(e) => {
                  const checked = e.target.checked;
                  setDraft((d) => ({ ...d, annotatedOnly: checked }));
                }}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="filter-annotated">
                In a transcript or in ClinVar
              </label>
            </div>
          </div>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="filter-consequence">
            Consequence
          </label>
          <div className="nhsuk-hint">On any transcript</div>
          <select
            className="nhsuk-select"
            id="filter-consequence"
            value={draft.consequence}
            onChange={(e) => {
              const value = e.target.value;
              setDraft((d) => ({ ...d, consequence: value }));
            }}
          >
            <option value="">Any consequence</option>
            {CONSEQUENCE_CHOICES.map((c) => (
              <option value={c} key={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="filter-max-af">
            Population frequency (gnomAD)
          </label>
          <div className="nhsuk-hint" id="filter-max-af-hint">
            Highest group AF, else overall AF, in the installed gnomAD pack. Variants gnomAD has not seen count as rare.
          </div>
          <select
            className="nhsuk-select"
            id="filter-max-af"
            aria-describedby="filter-max-af-hint"
            value={draft.maxAf}
            onChange={(e) => {
              const value = e.target.value;
              setDraft((d) => ({ ...d, maxAf: value }));
            }}
          >
            <option value="">Any frequency</option>
            {MAX_AF_CHOICES.map(([value, label]) => (
              <option value={value} key={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="nhsuk-fieldset nhsuk-form-group">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Impact</legend>
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            {IMPACTS.map((i) => (
              <div className="nhsuk-checkboxes__item" key={i}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={`impact-${i}`}
                  type="checkbox"
                  checked={draft.impact.includes(i)}
                  onChange={(e) => {
                    const checked = e.target.checked;
                    setDraft((d) => ({ ...d, impact: checked ? [...d.impact, i] : d.impact.filter((x) => x !== i) }));
                  }}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`impact-${i}`}>
                  {i.charAt(0) + i.slice(1).toLowerCase()}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset className="nhsuk-fieldset nhsuk-form-group">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">ClinVar</legend>
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            {CLINVAR_FILTER_GROUPS.map((g, k) => {
              const on = g.classes.every((c) => draft.clinvar.includes(c));
              return (
                <div className="nhsuk-checkboxes__item" key={g.label}>
                  <input
                    className="nhsuk-checkboxes__input"
                    id={`clinvar-${k}`}
                    type="checkbox"
                    checked={on}
                    onChange={(e) => {
                      const checked = e.target.checked;
                      setDraft((d) => ({ ...d, clinvar: checked ? [...d.clinvar, ...g.classes] : d.clinvar.filter((c) => !(g.classes as string[]).includes(c)) }));
                    }}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`clinvar-${k}`}>
                    {g.label}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Apply filters
        </button>
      </form>
      </Details>
      {earlierRuns.length > 0 && (
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="annotation-run">
            Annotation shown
          </label>
          <select
            className="nhsuk-select"
            id="annotation-run"
            value={runId}
            onChange={(e) => {
              setRunId(e.target.value);
              setConfirmDelete(false);
            }}
          >
            <option value="">Current annotation</option>
            {earlierRuns.map(({ run, fileName }) => (
              <option value={run.id} key={run.id}>
                Earlier: {formatDateTime(run.completedAt)}, {run.packs.map((p) => p.id).join(' + ')} ({fileName})
              </option>
            ))}
          </select>
        </div>
      )}
      {shownRun && (
        <div className="nhsuk-warning-callout" data-testid="earlier-run-notice">
          <h4 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Earlier annotation
            </span>
          </h4>
          <p>
            You are reading the annotation of {shownRun.fileName} made on {formatDateTime(shownRun.run.completedAt)} with{' '}
            {shownRun.run.packs.map((p) => `${p.id} ${p.version}`).join(' and ')}. A newer run replaced it; the diagnosis workspace, reanalysis and reports use the current one.
          </p>
          {confirmDelete ? (
            <div data-testid="earlier-run-confirm">
              <p>Delete this earlier annotation? The current one is kept; this cannot be undone.</p>
              <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-u-margin-right-3" disabled={deleting} onClick={() => void deleteShownRun()}>
                Yes, delete it
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={deleting} onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
              <p className="nhsuk-body-s" role="status" data-testid="earlier-run-deleting">
                {deleting ? 'Deleting the earlier annotation…' : ''}
              </p>
            </div>
          ) : (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setConfirmDelete(true)}>
              Delete this earlier annotation
            </button>
          )}
          {deleteError && (
            <p className="nhsuk-error-message" role="alert">
              {deleteError}
            </p>
          )}
        </div>
      )}
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
      <p className="nhsuk-body-s" role="status" data-testid="variant-count" data-query={queryNumber} aria-busy={total === null}>
        {total === null ? 'Loading variants…' : `${formatCount(total)} variants`}
      </p>
      {total !== null && !annotated && (
        <p className="nhsuk-body-s gd-muted" data-testid="variant-not-annotated">
          Not annotated yet: gene, transcript, consequence, HGVS and ClinVar columns fill in once the import is annotated (see{' '}
          <a href="#annotation-heading">Annotation</a> below).
        </p>
      )}
      <div className="gd-vtable gd-vtable--wide gd-bleed" role="table" aria-label="Variants" aria-rowcount={total ?? 0}>
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
              const a = v?.annotation ?? null;
              const cell = (i: number) => ({ className: 'gd-vtable__cell', role: 'cell', style: { width: COLUMNS[i].width } }) as const;
              return (
                <div
                  className={`gd-vtable__row${v && v.id === selected ? ' gd-vtable__row--selected' : ''}`}
                  role="row"
                  key={item.key}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  aria-rowindex={item.index + 1}
                  aria-selected={v ? v.id === selected : undefined}
                >
                  {v ? (
                    <>
                      <div {...cell(0)}>
                        <button type="button" className="gd-link-button" onClick={() => setSelected(v.id)} aria-label={`${v.chrom}:${formatCount(v.pos)} ${v.ref}>${v.alt}: details`}>
                          {v.chrom}:{formatCount(v.pos)}
                        </button>
                      </div>
                      <div {...cell(1)} title={`${v.ref}>${v.alt}`}>
                        {truncate(v.ref, 6)}&gt;{truncate(v.alt, 6)}
                      </div>
                      <div {...cell(2)} title={a?.gene ?? v.genes.join(', ')}>
                        {a?.gene ?? (v.genes.join(', ') || '—')}
                      </div>
                      <div {...cell(3)} title={a?.transcript ? `${a.transcript}${a.source ? ` (${a.source}${a.sourceVersion ? ` ${a.sourceVersion}` : ''})` : ''}` : undefined}>
                        {a?.transcript ?? '—'}
                        {a?.maneSelect && <strong className="nhsuk-tag nhsuk-tag--blue gd-mane">MANE</strong>}
                      </div>
                      <div {...cell(4)} title={a ? a.terms.join(', ') : undefined}>
                        {a?.error ? <span className="gd-muted">not annotated (REF mismatch)</span> : a ? a.terms[0] ?? a.mostSevere ?? '—' : '—'}
                      </div>
                      <div {...cell(5)} title={a?.hgvsc ?? undefined}>
                        {shortHgvs(a?.hgvsc ?? null)}
                      </div>
                      <div {...cell(6)} title={a?.hgvsp ?? undefined}>
                        {shortHgvs(a?.hgvsp ?? null)}
                      </div>
                      <div {...cell(7)} title={a?.clinvar ? `${a.clinvar.significance} · ${a.clinvar.reviewStatus} · ${a.clinvar.conditions.join('; ')}` : undefined}>
                        {a?.clinvar ? (
                          <>
                            {CLINVAR_CLASS_LABELS[a.clinvar.class]} <Stars stars={a.clinvar.stars} /> <span className="gd-muted">{a.clinvar.conditions[0] ?? ''}</span>
                          </>
                        ) : (
                          '—'
                        )}
                      </div>
                      <div {...cell(8)} className="gd-vtable__cell gd-vtable__cell--compact" title={frequencyTitle(frequencies.get(v.id))} data-testid="variant-frequency">
                        <FrequencyCell result={frequencies.get(v.id)} />
                      </div>
                      <div {...cell(9)}>
                        {v.genotype ?? '—'} <span className="gd-muted">{v.zygosity}</span>
                      </div>
                      <div {...cell(10)}>{v.filter ?? '.'}</div>
                      <div {...cell(11)}>{v.quality ?? '.'}</div>
                      <div {...cell(12)}>{v.genotypeQuality ?? '.'}</div>
                      <div {...cell(13)}>{v.depth ?? '.'}</div>
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
      {selected && <VariantDetailPanel patientId={patientId} variantId={selected} runId={runId || undefined} onClose={() => setSelected(null)} />}
    </section>
  );
}
