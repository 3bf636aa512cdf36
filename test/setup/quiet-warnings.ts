// Every test worker hides the same known notices as `nome` itself (scripts/cli/quiet-warnings.js), no others.
// Once per worker: where files share a worker's modules (isolate: false), setup runs again for each file.
import { quietKnownWarnings } from '../../scripts/cli/quiet-warnings.js';

const QUIETED = Symbol.for('nome.test.quiet-warnings');
const worker = process as NodeJS.Process & { [QUIETED]?: boolean };
if (!worker[QUIETED]) {
  quietKnownWarnings();
  worker[QUIETED] = true;
}
