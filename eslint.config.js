import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/', 'data/', 'node_modules/', 'models/db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Models never reach up into the web layer.
    files: ['models/**/*.ts', 'search/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['#app/*', '**/app/*'], message: 'models must not import from app/' },
          ],
        },
      ],
    },
  },
  {
    // Domain rules stay pure: no database, framework or I/O.
    files: ['models/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'child_process', 'net', 'http'],
              message: 'rules are pure: pass I/O in as arguments',
            },
            {
              group: [
                'drizzle-orm',
                'drizzle-orm/*',
                'pg',
                '@electric-sql/*',
                '@remix-run/*',
                'bcrypt',
              ],
              message: 'rules are pure: no database or framework',
            },
            { group: ['../*', '#models/*', '#app/*'], message: 'rules import only other rules' },
          ],
        },
      ],
    },
  },
)
