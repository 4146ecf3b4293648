import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The CLI and benchmarks talk to a person on the terminal.
    files: ['src/cli/**/*.ts', 'src/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Engine code takes time from a Clock and randomness from a seeded source.
    files: ['src/{core,bus,data,strategy,signals,brain,risk,execution,portfolio,advisor,backtest}/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/core/clock.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the injected Clock.' },
        { object: 'Math', property: 'random', message: 'Use a seeded RandomSource.' },
      ],
    },
  },
);
