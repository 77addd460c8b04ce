import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES_DIR, VIEWS_DIR } from '../../../src/web/views.ts';

function templates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? templates(full) : entry.name.endsWith('.njk') ? [full] : [];
  });
}

describe('page templates', () => {
  const pages = [...templates(VIEWS_DIR), ...templates(MODULES_DIR)].filter((file) =>
    fs.readFileSync(file, 'utf8').includes('extends "layout.njk"'),
  );

  it('finds the pages', () => {
    expect(pages.length).toBeGreaterThan(10);
  });

  // `main` is the GOV.UK template's own block around the <main> landmark; a page that overrides it loses the
  // landmark, the skip link's target and the width container.
  it.each(pages.map((p) => [path.relative(path.dirname(VIEWS_DIR), p), p]))(
    '%s fills the page block, never the main block',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toMatch(/{%-?\s*block main\s*-?%}/);
    },
  );
});
