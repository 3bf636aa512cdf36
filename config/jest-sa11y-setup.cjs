// Adds `expect(element).toBeAccessible()` (axe-core through @sa11y) to every LWC test.
const { registerSa11yMatcher } = require('@sa11y/jest');

registerSa11yMatcher();
