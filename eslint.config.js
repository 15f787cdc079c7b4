// @ts-check
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
    { ignores: ['node_modules/', 'dist/', 'build/', 'coverage/', '.deno/'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { globals: { ...globals.node } },
        rules: {
            '@typescript-eslint/consistent-type-imports': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
            'no-console': 'error',
            eqeqeq: ['error', 'always'],
            'prefer-const': 'error',
        },
    },
    {
        files: ['**/*.js'],
        rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
    {
        // The stand-in, scripts and benchmark are command-line programs: printing is their job.
        files: ['scripts/**', 'workspace/**', 'bench/**', 'test/globalSetup.js'],
        rules: { 'no-console': 'off' },
    },
);
