// Checks every screen a spec visits gets (issue 17): axe-core's WCAG 2.x A/AA rules with no serious or critical
// violation, nothing overflowing horizontally, and screenshots at the common NHS laptop size (1366 × 768: first
// screen and full page) besides the spec's own viewport.
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from '../../helpers/paths.ts';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
export const LAPTOP = { width: 1366, height: 768 };

/** Fails on any serious or critical axe-core violation, naming the rule and the first offending elements. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe-core on "${name}"`).toEqual([]);
}

/**
 * What makes a person scroll sideways: the page itself wider than the window, or a visible element reaching past
 * the window's right edge without a container that scrolls or clips it (a wide table inside an `overflow-x: auto`
 * scroller is fine; visually-hidden text is not visible).
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) found.push(`page: scrollWidth ${root.scrollWidth} > ${root.clientWidth}`);
    const clipped = (el: Element): boolean => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const x = getComputedStyle(a).overflowX;
        if (x !== 'visible') return true;
      }
      return false;
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : ''}`;
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue;
      if (r.right > window.innerWidth + 1 && !clipped(el)) found.push(`${describe(el)}: right edge ${Math.round(r.right)} > ${window.innerWidth}`);
    }
    return found.slice(0, 10);
  });
}

/**
 * Saves `<name>.png` (full page at the spec's viewport) and `<name>.1366x768.png` / `<name>.1366x768-full.png`,
 * after checking accessibility and horizontal overflow at both sizes. Returns the first file.
 */
export async function checkScreen(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await expectAccessible(page, name);
  expect(await horizontalOverflow(page), `horizontal overflow on "${name}"`).toEqual([]);
  await page.screenshot({ path: file, fullPage: true });
  const original = page.viewportSize();
  if (original && (original.width !== LAPTOP.width || original.height !== LAPTOP.height)) {
    await page.setViewportSize(LAPTOP);
    try {
      expect(await horizontalOverflow(page), `horizontal overflow on "${name}" at 1366 × 768`).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.1366x768.png`) });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.1366x768-full.png`), fullPage: true });
    } finally {
      await page.setViewportSize(original);
    }
  }
  return file;
}
