// ESLint with typescript-eslint's recommended rules (syntax-only, fast: no type information needed).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.aws-sam/', 'bench/.work/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Node's globals, for the plain JS in bench/ and scripts/ (TypeScript checks its own files).
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'module', 'console', 'URL', 'URLSearchParams', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'crypto', 'structuredClone', 'TextDecoder', 'TextEncoder', 'fetch'].map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
