import { describe, expect, it } from 'vitest';
import {
  compileRoutes,
  fileStem,
  isCrawlable,
  pageKey,
  renderIndex,
  routesNotShown,
  slug,
  splitKey,
} from '../../scripts/screens-lib.ts';

const routes = compileRoutes([
  '/',
  '/complaints',
  '/complaints/new',
  '/complaints/:reference',
  '/complaints/:reference/letters/:type',
  '/complaints/:reference/issues/:issueId',
  '/complain',
  '/complain/:step',
  '/complain/check-your-answers',
  '/admin/calendar/:day',
  '/set-password/:token',
  '/public/*',
]);

describe('pageKey: one screenshot per route, not per record', () => {
  it('puts a placeholder for a case reference, so every case is the same page', () => {
    expect(pageKey('/complaints/CMP-2026-000134', routes)).toBe('/complaints/:reference');
    expect(pageKey('/complaints/CMP-2024-000008', routes)).toBe('/complaints/:reference');
  });

  it('keeps a static route over one with a parameter that would also match', () => {
    expect(pageKey('/complaints/new', routes)).toBe('/complaints/new');
    expect(pageKey('/complain/check-your-answers', routes)).toBe('/complain/check-your-answers');
  });

  it('keeps the value of a parameter that names a kind of page (a step, a letter type)', () => {
    expect(pageKey('/complain/who', routes)).toBe('/complain/who');
    expect(pageKey('/complain/about-you', routes)).toBe('/complain/about-you');
    expect(pageKey('/complaints/CMP-2026-000134/letters/acknowledgement', routes)).toBe(
      '/complaints/:reference/letters/acknowledgement',
    );
  });

  it('replaces ids, days and tokens', () => {
    expect(pageKey('/complaints/CMP-2026-000001/issues/0b7e1f1c-2a6d-4c38-9f0e-3a1c2b4d5e6f', routes)).toBe(
      '/complaints/:reference/issues/:issueId',
    );
    expect(pageKey('/admin/calendar/2026-12-25', routes)).toBe('/admin/calendar/:day');
    expect(pageKey('/set-password/abc_DEF-123', routes)).toBe('/set-password/:token');
  });

  it('names the query parameters that are set, sorted, without their values', () => {
    expect(pageKey('/complaints?overdue=yes', routes)).toBe('/complaints?overdue');
    expect(pageKey('/complaints?q=&stage=&handler=me&overdue=yes', routes)).toBe(
      '/complaints?handler&overdue',
    );
    expect(pageKey('/complaints?stage=2&handler=me', routes)).toBe(
      pageKey('/complaints?handler=x&stage=1', routes),
    );
    expect(pageKey('/complaints?q=', routes)).toBe('/complaints');
  });

  it('ignores where to go after signing in, and a trailing slash', () => {
    expect(pageKey('/sign-in?next=%2F', routes)).toBe('/sign-in');
    expect(pageKey('/complaints/', routes)).toBe('/complaints');
    expect(pageKey('/', routes)).toBe('/');
  });

  it('makes a path no route matches safe too: anything with a digit or a long token is an id', () => {
    expect(pageKey('/nowhere/CMP-2026-000001/x', routes)).toBe('/nowhere/:id/x');
  });
});

describe('slug', () => {
  it('turns a route into a file name', () => {
    expect(slug('/complaints/:reference/letters/acknowledgement')).toBe(
      'complaints-reference-letters-acknowledgement',
    );
    expect(slug('/complaints?handler&overdue')).toBe('complaints-handler-overdue');
    expect(slug('/')).toBe('home');
    expect(slug('/complain/who with errors')).toBe('complain-who-with-errors');
  });

  it('is at most 70 characters and never ends in a hyphen', () => {
    const long = slug(`/${'abc/'.repeat(30)}`);
    expect(long.length).toBeLessThanOrEqual(70);
    expect(long.endsWith('-')).toBe(false);
  });
});

describe('isCrawlable', () => {
  const origin = 'http://127.0.0.1:4000';
  it('follows the site’s own pages', () => {
    expect(isCrawlable('/complaints?overdue=yes', origin)).toBe(true);
    expect(isCrawlable('http://127.0.0.1:4000/admin', origin)).toBe(true);
  });

  it('leaves out other sites, other schemes, the API, assets, downloads and signing out', () => {
    for (const href of [
      'https://www.gov.uk/',
      'mailto:complaints@example.org',
      'tel:01134960123',
      '/api/complaints',
      '/public/app.css',
      '/complaints/CMP-2026-000001/attachments/x/download',
      '/complaints/export.csv',
      '/complaints?format=csv',
      '/sign-out',
    ]) {
      expect(isCrawlable(href, origin), href).toBe(false);
    }
  });
});

describe('renderIndex', () => {
  it('lists each role’s pages with their route and both screenshots', () => {
    const text = renderIndex(
      [
        {
          role: 'public',
          number: 1,
          title: 'Make a complaint',
          key: '/complain',
          path: '/complain',
          status: 200,
          files: [
            { width: 1280, file: 'public/01-complain-1280.png' },
            { width: 375, file: 'public/01-complain-375.png' },
          ],
        },
      ],
      { public: 'The public' },
      '# Screens',
    );
    expect(text).toContain('- [The public](#the-public)');
    expect(text).toContain(
      '| 1 | Make a complaint | `/complain` | [1280 px](public/01-complain-1280.png) · [375 px](public/01-complain-375.png) |',
    );
  });
});

describe('splitKey and fileStem', () => {
  it('takes the role off the front and the note off the end', () => {
    expect(splitKey('complaints-handler:/complaints/:reference#stage 2, investigating')).toEqual({
      route: '/complaints/:reference',
      note: 'stage 2, investigating',
    });
    expect(splitKey('/complain/who')).toEqual({ route: '/complain/who', note: null });
    expect(splitKey('administrator:/')).toEqual({ route: '/', note: null });
  });

  it('names the file from the number, the route and the note', () => {
    expect(fileStem(7, 'complaints-handler:/complaints/:reference#stage 2, investigating')).toBe(
      '07-complaints-reference-stage-2-investigating',
    );
    expect(fileStem(3, '/complain/who#with errors')).toBe('03-complain-who-with-errors');
    expect(fileStem(1, 'board-member:/')).toBe('01-home');
    expect(fileStem(12, '/complaints?handler&overdue')).toBe('12-complaints-handler-overdue');
  });
});

describe('routesNotShown', () => {
  it('lists the GET routes no visited path is, leaving out the API', () => {
    const some = compileRoutes([
      '/',
      '/complaints',
      '/complaints/:reference',
      '/admin/users/:id',
      '/api/complaints',
    ]);
    expect(routesNotShown(some, ['/', '/complaints?overdue=yes', '/complaints/CMP-2026-000001'])).toEqual([
      '/admin/users/:id',
    ]);
  });
});
