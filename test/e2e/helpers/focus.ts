// Visible focus (WCAG 2.4.7): the focused element must look different from the same element unfocused — an
// outline, a box shadow or the NHS.UK yellow focus background.
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export interface FocusState {
  element: string;
  visible: boolean;
}

export async function focusState(page: Page): Promise<FocusState> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { element: 'body', visible: false };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(s.outlineColor);
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    const yellow = s.backgroundColor === 'rgb(255, 235, 59)';
    const r = el.getBoundingClientRect();
    const onScreen = r.width > 0 && r.height > 0;
    const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    return { element: name, visible: onScreen && (outline || shadow || yellow) };
  });
}

export async function expectVisibleFocus(page: Page): Promise<FocusState> {
  const state = await focusState(page);
  expect(state.visible, `focus not visible on ${state.element}`).toBe(true);
  return state;
}

/** Presses Tab (checking focus is visible at each stop) until `match` is focused; fails after `max` presses. */
export async function tabTo(page: Page, match: (state: FocusState) => boolean, max = 40): Promise<FocusState> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const state = await expectVisibleFocus(page);
    if (match(state)) return state;
  }
  throw new Error(`Tab never reached the wanted element within ${max} presses`);
}
