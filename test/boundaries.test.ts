// src/core must stay pure (no Node APIs, no DOM) so the same analysis runs in Node, the Astro build and a browser.
import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';

const core = fg.sync('src/core/**/*.ts');

describe('core boundaries', () => {
  it('has core modules to check', () => {
    expect(core.length).toBeGreaterThan(50);
  });

  it.each(core)('%s imports no node:* module and touches no process, fs or document', (file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(text).not.toMatch(/from\s+['"]node:/);
    expect(text).not.toMatch(/\bimport\(\s*['"]node:/);
    expect(text).not.toMatch(/\bprocess\.(env|argv|exit|cwd|stdout|stderr)/);
    expect(text).not.toMatch(/\bdocument\./);
    expect(text).not.toMatch(/from\s+['"](fs|path|os|child_process|astro|fast-glob)['"]/);
  });
});
