// Lint rules the project holds to; formatting is Prettier's (see .prettierrc.json).
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.astro/**',
      'bench/out/**',
      'bin/**',
      'scripts/**',
      '**/*.astro',
      'test/fixtures/**',
      '*.config.ts',
      '*.config.js',
      '*.config.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    // Issue 9: no line over 120 code points. Prettier (printWidth 120) wraps code but never strings, template
    // literals, comments or regexes, so this catches what it leaves; test/style/line-length.test.ts covers the files
    // ignored above (Astro components, scripts, bin).
    plugins: { '@stylistic': stylistic },
    rules: { '@stylistic/max-len': ['error', { code: 120, tabWidth: 2 }] },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.site.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The core runs in a browser worker too: no Node built-ins, no Node globals.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'src/core is pure: no Node APIs (see CONTRIBUTING.md).' }] },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', 'document', 'window'],
    },
  },
);
