// @ts-check
/**
 * ESLint for every TypeScript file we write: the packages' sources, tools, repo tests, demo
 * and bench. Type-aware (typescript-eslint `strictTypeChecked` + `stylisticTypeChecked`)
 * through the project service, which picks each file's nearest tsconfig.json.
 * Every rule changed below says why on the line above it.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/generated/**',
      '**/node_modules/**',
      '.toolchain/**',
      '.turbo/**',
      'packages/sandbox/specs/**',
    ],
  },
  {
    files: [
      'packages/*/src/**/*.ts',
      'packages/*/test/**/*.ts',
      'tools/**/*.ts',
      'test/**/*.ts',
      'demo/**/*.ts',
      'bench/**/*.ts',
    ],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
    ],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Amounts, counts, ids and status codes are numbers and bigints (allowNumber covers both);
      // printing them is the point.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `record['key']` on an index signature marks a key that may be absent (what TS's
      // noPropertyAccessFromIndexSignature asks for); dot access is still required elsewhere.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      // `() => controller.abort()` as a callback is idiomatic; a void value used anywhere else
      // is still reported.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // packages/test-kit is test code too: private, only ever imported by tests; so is
    // refund-core's store conformance suite (`@refundkit/refund-core/testing`).
    files: [
      '**/*.test.ts',
      '**/*.test-d.ts',
      '**/*.test-util.ts',
      'test/**/*.ts',
      'packages/*/test/**/*.ts',
      'packages/test-kit/src/**/*.ts',
      'packages/refund-core/src/testing/**/*.ts',
    ],
    rules: {
      // With noUncheckedIndexedAccess, `calls[0]!` in a test is an assertion: if it is
      // missing the test fails right there, which is what a test should do.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
