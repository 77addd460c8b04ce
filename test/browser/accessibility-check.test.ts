import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations, describeInBrowser, launchBrowser, SERVER_TIMEOUT } from '../support/browser.ts';

// The check every browser test relies on must itself be able to fail: pages with known faults, and one
// without, through both ways axe reaches a page (sent on demand, or loaded as the page opens).

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><title>A test page</title></head><body><main><h1>Test</h1>${body}</main></body></html>`;

const IMAGE_AND_INPUT = page('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">');
const LABELLED = page('<label for="name">Name</label><input id="name" type="text">');
const revealing = (className: string) =>
  page(
    `<input class="${className}" id="r" name="r" type="radio" aria-controls="more" aria-expanded="false"><label for="r">Yes</label><div id="more"></div>`,
  );

describeInBrowser('the accessibility check', () => {
  let browser: Browser;
  let sentOnDemand: Page;
  let loadedOnOpen: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    sentOnDemand = await browser.newPage();
    const context = await browser.newContext();
    await context.addInitScript({ content: (await import('axe-core')).default.source });
    loadedOnOpen = await context.newPage();
  }, SERVER_TIMEOUT);
  afterAll(async () => browser?.close());

  const ids = async (target: Page, html: string) => {
    await target.setContent(html);
    return (await axeViolations(target)).map((v) => v.id).sort();
  };

  it('finds an image without a text alternative and an input without a label', async () => {
    expect(await ids(sentOnDemand, IMAGE_AND_INPUT)).toEqual(['image-alt', 'label']);
    expect(await ids(loadedOnOpen, IMAGE_AND_INPUT)).toEqual(['image-alt', 'label']);
  });

  it('finds nothing on a page without faults', async () => {
    expect(await ids(sentOnDemand, LABELLED)).toEqual([]);
    expect(await ids(loadedOnOpen, LABELLED)).toEqual([]);
  });

  it('lets through aria-expanded on a GOV.UK conditional reveal only', async () => {
    expect(await ids(loadedOnOpen, revealing('govuk-radios__input'))).toEqual([]);
    expect(await ids(loadedOnOpen, revealing('some-other-radio'))).toEqual(['aria-allowed-attr']);
  });
});
