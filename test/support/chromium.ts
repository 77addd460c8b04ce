import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Browser tests and `npm run screens` drive the system Chromium (the Debian package), never a downloaded one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM_PATH);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A script for `page.evaluate`: the elements (at most `max`) reaching past the right edge of the page, outside
 * any region that scrolls on its own, each as "tag#id.class reaches Npx". Used by the browser tests' reflow
 * check (WCAG 1.4.10) and by `npm run screens` to flag pages that do not fit a phone.
 */
export function overflowingElementsScript(max: number): string {
  return `(() => {
  const limit = document.documentElement.clientWidth;
  const scrollsOnItsOwn = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= limit + 1 || scrollsOnItsOwn(el)) continue;
    if (getComputedStyle(el).position === 'fixed') continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    found.push(name + ' reaches ' + Math.round(r.right) + 'px');
    if (found.length >= ${max}) break;
  }
  return found;
})()`;
}
