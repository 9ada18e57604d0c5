import type { Page } from '@playwright/test';

/** The variant browser's filters are folded under "Filter variants" until opened. */
export async function openVariantFilters(page: Page): Promise<void> {
  const filters = page.getByTestId('variant-filters');
  if (!(await filters.evaluate((d) => (d as HTMLDetailsElement).open))) await filters.locator('summary').click();
}
