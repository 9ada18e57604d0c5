// The patient's Diagnosis tab: the phenotype (HPO terms) and what it ranks, referral (indication, panels with versions), consent to
// additional findings, ranked candidates with reasons and adjustable filters, ACMG/ACGS classification
// with live class and history, secondary findings (only with consent) and the diagnostic report.
import { useCallback, useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract.ts';
import type { SerializedError } from '../../../../shared/errors.ts';
import type { RankingFilters } from '../../../../shared/schemas/diagnosis.ts';
import type { CandidatesOutput, ConsentRecord, Referral } from '../../../../shared/schemas/diagnosis-workspace.ts';
import { describeError } from '../../lib/error-messages.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { CandidateList, type Candidate } from './CandidateList.tsx';
import { ClassificationPanel } from './ClassificationPanel.tsx';
import { ConsentForm } from './ConsentForm.tsx';
import { ReferralForm } from './ReferralForm.tsx';
import { ReportSection } from './ReportSection.tsx';
import { SecondaryFindings } from './SecondaryFindings.tsx';
import './diagnosis.css';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PhenotypeSection } from '../phenotype/PhenotypeSection.tsx';
import { PhenotypeRanking } from '../phenotype/PhenotypeRanking.tsx';
import type { PatientPhenotype } from '../../../../shared/schemas/patient-phenotype.ts';

type PanelsList = ChannelOutput<'diagnosis:panels-list'>;
type Criteria = ChannelOutput<'diagnosis:criteria-list'>;

const asError = (err: unknown): SerializedError => (err instanceof RequestError ? err.error : { code: 'ipc/internal', message: String(err), details: {} });

/** "HP:0003201 Rhabdomyolysis; …", then the absent ones, as the referral summary lists them. */
function hpoSummaryOf(p: PatientPhenotype | null): string {
  const name = (t: PatientPhenotype['terms'][number]) => `${t.id} ${t.label}`.trim();
  const present = (p?.terms ?? []).filter((t) => !t.excluded).map(name);
  const absent = (p?.terms ?? []).filter((t) => t.excluded).map(name);
  if (present.length + absent.length === 0) return 'None given (add them in the Phenotype section)';
  return [present.join('; '), absent.length ? `absent: ${absent.join('; ')}` : ''].filter(Boolean).join('; ');
}

export function DiagnosisTab({ patientId }: { patientId: string }) {
  const [panels, setPanels] = useState<PanelsList | null>(null);
  const [criteria, setCriteria] = useState<Criteria | null>(null);
  const [referral, setReferral] = useState<Referral | null>(null);
  const [consents, setConsents] = useState<ConsentRecord[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [filters, setFilters] = useState<Partial<RankingFilters>>({});
  const [result, setResult] = useState<CandidatesOutput | null>(null);
  const [candidatesError, setCandidatesError] = useState<SerializedError | null>(null);
  const [busy, setBusy] = useState(false);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<SerializedError | null>(null);
  const [phenotype, setPhenotype] = useState<PatientPhenotype | null>(null);
  // Bumped when a classification changes: secondary findings and the report depend on it.
  const [classificationsVersion, setClassificationsVersion] = useState(0);

  const loadPanels = useCallback(() => {
    call('diagnosis:panels-list', {}).then(setPanels, (e) => setLoadError(asError(e)));
  }, []);

  useEffect(() => {
    loadPanels();
    call('diagnosis:criteria-list', {}).then(setCriteria, (e) => setLoadError(asError(e)));
    call('diagnosis:referral-get', { patientId }).then(
      (r) => {
        setReferral(r.referral);
        setConsents(r.consentHistory);
        setLoaded(true);
      },
      (e) => setLoadError(asError(e)),
    );
  }, [patientId, loadPanels]);

  const loadCandidates = useCallback(
    async (f: Partial<RankingFilters>) => {
      setBusy(true);
      setCandidatesError(null);
      try {
        setResult(await call('diagnosis:candidates', { patientId, filters: f }));
      } catch (err) {
        setResult(null);
        setCandidatesError(asError(err));
      } finally {
        setBusy(false);
      }
    },
    [patientId],
  );

  useEffect(() => {
    // Candidates follow the saved referral; a filter change is applied by its own button, not here.
    if (referral) void loadCandidates(filters);
  }, [referral, loadCandidates]);

  const selected = result?.candidates.find((c) => c.key === selectedKey) ?? null;
  const consented = consents[0]?.additionalFindings === true;

  if (loadError) {
    return (
      <ErrorNotice title="The diagnosis workspace could not be opened">
        {describeError(loadError)}
      </ErrorNotice>
    );
  }
  if (!panels || !criteria || !loaded) return <p className="nhsuk-body">Loading…</p>;

  return (
    <div data-testid="dx-tab">
      <h2 className="nhsuk-heading-l">Diagnosis</h2>
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="dx-notice">
          <p>{notice}</p>
        </div>
      )}
      <PhenotypeSection patientId={patientId} onSaved={setPhenotype} />
      <PhenotypeRanking patientId={patientId} phenotypeVersion={phenotype?.version ?? 0} hasTerms={(phenotype?.terms ?? []).some((t) => !t.excluded)} />
      <ReferralForm
        hpoSummary={hpoSummaryOf(phenotype)}
        patientId={patientId}
        panels={panels}
        referral={referral}
        onPanelsChanged={loadPanels}
        onSaved={(r) => {
          setReferral(r);
          setNotice(`Referral saved: ${r.panels.map((p) => `${p.name} v${p.version}`).join('; ')}.`);
        }}
      />
      <ConsentForm
        patientId={patientId}
        history={consents}
        onSaved={(c) => {
          setConsents([c, ...consents]);
          setNotice(c.additionalFindings ? 'Consent to additional findings recorded.' : 'The patient’s decision not to receive additional findings is recorded.');
        }}
      />
      {!referral && <p className="nhsuk-body" data-testid="dx-needs-referral">Save the referral with at least one panel to list candidate variants.</p>}
      {busy && (
        <p className="nhsuk-body" role="status" data-testid="dx-loading">
          Ranking candidate variants…
        </p>
      )}
      {candidatesError &&
        (candidatesError.code === 'diagnosis/no-import' ? (
          <div className="nhsuk-inset-text" data-testid="dx-no-import">
            <p>No sequencing file has been imported for this patient yet. Import a VCF on the Sequencing tab, then come back here.</p>
          </div>
        ) : (
          <ErrorNotice title="Candidates could not be listed" level={3} testId="dx-candidates-error">
            {describeError(candidatesError)}
          </ErrorNotice>
        ))}
      {result && (
        <CandidateList
          result={result}
          busy={busy}
          selectedKey={selectedKey}
          onApplyFilters={(f) => {
            setFilters(f);
            void loadCandidates(f);
          }}
          onClassify={(c: Candidate) => setSelectedKey(c.key)}
        />
      )}
      {result && selected && (
        <ClassificationPanel
          candidate={selected}
          build={result.analysis.build}
          patientId={patientId}
          analysisId={result.analysis.id}
          criteria={criteria}
          onClose={() => setSelectedKey(null)}
          onSaved={() => {
            setClassificationsVersion((n) => n + 1);
            void loadCandidates(filters);
          }}
        />
      )}
      <SecondaryFindings patientId={patientId} consented={consented} refreshKey={classificationsVersion + consents.length} />
      {referral && result && <ReportSection patientId={patientId} filters={filters} refreshKey={classificationsVersion} />}
    </div>
  );
}
