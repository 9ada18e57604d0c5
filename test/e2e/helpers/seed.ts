// Test data entered through the app's own IPC contract (the same path the screens use), to set the scene
// faster than filling forms; what a spec is about is still done through the screens.
import type { Page } from '@playwright/test';
import type { GenoDeskBridge } from '../../../shared/ipc/bridge.ts';

export interface SeedPatient {
  nhsNumber: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex?: string;
}

export async function createPatients(page: Page, patients: SeedPatient[]): Promise<string[]> {
  return page.evaluate(async (drafts) => {
    const ids: string[] = [];
    for (const draft of drafts) {
      const bridge = (window as unknown as { genodesk: GenoDeskBridge }).genodesk;
      const r = await bridge.invoke('patients:create', { draft });
      if (!r.ok) throw new Error(r.error.message);
      ids.push((r.data as { id: string }).id);
    }
    return ids;
  }, patients);
}
