// Jest for the package's Lightning web components (run from the project root: `npm run test:lwc`).
// sfdx-lwc-jest supplies the LWC transformer, resolver and lightning/* stubs; this file adds the
// accessibility matcher and the mocks the toolkit's stubs lack.
const path = require('node:path');
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

const root = path.resolve(__dirname, '..');

// npm hoists @lwc/engine-dom 9 (ESM only, pulled in by @salesforce/wire-service-jest-util) while
// sfdx-lwc-jest resolves `lwc` to its own CommonJS engine 8. Jest's preset must load that same engine,
// or its setup fails to parse and decorators are trapped on a second copy of the engine.
const lwcEngine = require.resolve('@lwc/engine-dom', { paths: [path.dirname(require.resolve('@salesforce/sfdx-lwc-jest/package.json'))] });

module.exports = {
    ...jestConfig,
    rootDir: root,
    roots: ['<rootDir>/force-app'],
    testMatch: ['**/lwc/**/__tests__/**/*.test.js'],
    setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv || []), '<rootDir>/config/jest-sa11y-setup.cjs', '<rootDir>/config/jest-labels-setup.cjs'],
    moduleNameMapper: {
        '^@lwc/engine-dom$': lwcEngine,
        '^lightning/graphql$': '<rootDir>/config/jest-mocks/lightning/graphql.js',
        '^lightning/navigation$': '<rootDir>/config/jest-mocks/lightning/navigation.js'
    },
    // LWC wire adapters and timers keep nothing alive between files; fail fast on the 2-core CI box.
    testTimeout: 20000
};
