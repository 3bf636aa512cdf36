// ESLint for the TypeScript of scripts/ and test/ (typescript-eslint's recommended rules). Formatting is Prettier's
// (.prettierrc.json); type errors are tsc's. Run from the project root: `npm run lint:ts`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.nome/**', 'force-app/**', 'scripts/preview/app/**'] },
  {
    // With the start-up's plain JavaScript (checked by tsc through its JSDoc: see scripts/cli/strip-cache.js).
    files: ['scripts/**/*.ts', 'test/**/*.ts', 'scripts/cli/*.js', 'scripts/metadata/*.js'],
    extends: [tseslint.configs.recommended],
    rules: {
      // tsc's noUnusedLocals already reports these; `_`-prefixed names are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    // Tests read loosely shaped JSON documents (API answers, --json output) and assert on them.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
