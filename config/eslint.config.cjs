// ESLint for the Lightning web components: Salesforce's recommended LWC rules on the component sources,
// plus Jest globals for the tests beside them. Run from the project root: `npm run lint:lwc`.
const lwcConfig = require('@salesforce/eslint-config-lwc');
const globals = require('globals');

module.exports = [
    { ignores: ['**/node_modules/**', '.nome/**'] },
    ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: ['force-app/**/lwc/**/*.js'] })),
    {
        files: ['force-app/**/lwc/**/__tests__/**/*.js', 'config/jest-mocks/**/*.js'],
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: {
            // Tests wait for re-renders with timers and drive wire adapters by hand.
            '@lwc/lwc/no-async-operation': 'off',
            '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off'
        }
    }
];
