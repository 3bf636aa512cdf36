// ESLint for the Lightning web components: Salesforce's recommended LWC rules on the component sources,
// with the tests beside them allowed timers and hand-driven wire adapters. Run from the project root: `npm run lint:lwc`.
const lwcConfig = require('@salesforce/eslint-config-lwc');

module.exports = [
    { ignores: ['**/node_modules/**', '.nome/**'] },
    ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: ['force-app/**/lwc/**/*.js', 'scripts/preview/app/**/*.js'] })),
    {
        files: ['force-app/**/lwc/**/__tests__/**/*.js'],
        // Fixtures load with Jest's require (jest globals come with the recommended config).
        languageOptions: { globals: { require: 'readonly' } },
        rules: {
            // Tests wait for re-renders with timers and drive wire adapters by hand.
            '@lwc/lwc/no-async-operation': 'off',
            '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off'
        }
    }
];
