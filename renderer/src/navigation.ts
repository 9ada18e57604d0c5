// In-memory navigation: the app is one page; screens are chosen by state, not by URL.
import type { PatientTab } from '../../shared/schemas/worklist.ts';

export type Route =
  | { screen: 'patients' }
  | { screen: 'patient-new' }
  | { screen: 'patient'; id: string; notice?: string; tab?: PatientTab }
  | { screen: 'patient-edit'; id: string }
  | { screen: 'conflicts' }
  | { screen: 'settings' }
  | { screen: 'packs' }
  | { screen: 'reanalysis' };

export type Navigate = (route: Route) => void;
