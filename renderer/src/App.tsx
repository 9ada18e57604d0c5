import { useState } from 'react';
import { Header } from './components/Header.tsx';
import type { Route } from './navigation.ts';
import { PatientListScreen } from './features/patients/PatientListScreen.tsx';
import { PatientFormScreen } from './features/patients/PatientFormScreen.tsx';
import { PatientScreen } from './features/patients/PatientScreen.tsx';
import { ConflictsScreen } from './features/sync/ConflictsScreen.tsx';
import { SettingsScreen } from './features/sync/SettingsScreen.tsx';
import { PacksScreen } from './features/packs/PacksScreen.tsx';
import { ReanalysisScreen } from './features/reanalysis/ReanalysisScreen.tsx';

export function App() {
  const [route, setRoute] = useState<Route>({ screen: 'patients' });
  return (
    <>
      <Header navigate={setRoute} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" role="main">
          {route.screen === 'patients' && <PatientListScreen navigate={setRoute} />}
          {route.screen === 'patient-new' && <PatientFormScreen navigate={setRoute} />}
          {route.screen === 'patient-edit' && <PatientFormScreen navigate={setRoute} patientId={route.id} />}
          {route.screen === 'patient' && <PatientScreen navigate={setRoute} patientId={route.id} notice={route.notice} />}
          {route.screen === 'conflicts' && <ConflictsScreen navigate={setRoute} />}
          {route.screen === 'settings' && <SettingsScreen navigate={setRoute} />}
          {route.screen === 'packs' && <PacksScreen />}
          {route.screen === 'reanalysis' && <ReanalysisScreen navigate={setRoute} />}
        </main>
      </div>
    </>
  );
}
