import { useCallback, useState } from 'react';
import { Header } from './components/Header.tsx';
import type { Route } from './navigation.ts';
import { WorklistScreen } from './features/worklist/WorklistScreen.tsx';
import { PatientFormScreen } from './features/patients/PatientFormScreen.tsx';
import { PatientScreen } from './features/patients/PatientScreen.tsx';
import { ConflictsScreen } from './features/sync/ConflictsScreen.tsx';
import { SettingsScreen } from './features/sync/SettingsScreen.tsx';
import { PacksScreen } from './features/packs/PacksScreen.tsx';
import { JobsPanel } from './features/jobs/JobsPanel.tsx';
import { ReanalysisScreen } from './features/reanalysis/ReanalysisScreen.tsx';

export function App() {
  const [route, setRouteState] = useState<{ route: Route; visit: number }>({ route: { screen: 'patients' }, visit: 0 });
  // Each navigation is a fresh visit (even to the screen already shown, e.g. "Worklist" from the worklist): the
  // screen is mounted anew and reads current data, never a stale copy.
  const setRoute = useCallback((next: Route) => setRouteState((r) => ({ route: next, visit: r.visit + 1 })), []);
  return (
    <>
      <Header navigate={setRoute} />
      <div className="nhsuk-width-container">
        <JobsPanel navigate={setRoute} />
        <Screen route={route.route} visit={route.visit} navigate={setRoute} />
      </div>
    </>
  );
}

function Screen({ route, visit, navigate: setRoute }: { route: Route; visit: number; navigate: (r: Route) => void }) {
  return (
        <main className="nhsuk-main-wrapper" id="maincontent" role="main" key={visit}>
          {route.screen === 'patients' && <WorklistScreen navigate={setRoute} />}
          {route.screen === 'patient-new' && <PatientFormScreen navigate={setRoute} />}
          {route.screen === 'patient-edit' && <PatientFormScreen navigate={setRoute} patientId={route.id} />}
          {route.screen === 'patient' && <PatientScreen navigate={setRoute} patientId={route.id} notice={route.notice} tab={route.tab} />}
          {route.screen === 'conflicts' && <ConflictsScreen navigate={setRoute} />}
          {route.screen === 'settings' && <SettingsScreen navigate={setRoute} />}
          {route.screen === 'packs' && <PacksScreen />}
          {route.screen === 'reanalysis' && <ReanalysisScreen navigate={setRoute} />}
        </main>
  );
}
