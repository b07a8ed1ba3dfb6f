// ESLint flat config. The Nx module-boundary rule encodes the architecture:
// no service imports another service, libs import no service, libs/contracts imports no other lib.
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.tools/**', '.nx/**', '**/*.js', '**/*.mjs'],
  },
  ...tseslint.configs.recommended,
  {
    // Plain CommonJS scripts that run before anything is installed (deploy/bootstrap.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:tool'],
            },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:dispatch', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:department', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:sla-timer', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:mediation', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:judicial-confirmation', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:court-simulator', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ops-console', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:deploy'] },
          ],
        },
      ],
    },
  },
  {
    // Domain layers stay free of frameworks: entities and rules only.
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg'],
              message: 'src/domain holds no framework code.',
            },
            {
              group: ['../application/*', '../infrastructure/*', '../http/*'],
              message: 'domain depends on nothing.',
            },
          ],
        },
      ],
    },
  },
);
