// Every test worker hides the same known notices as `nome` itself (scripts/cli/quiet-warnings.ts), no others.
import { quietKnownWarnings } from '../../scripts/cli/quiet-warnings.ts';

quietKnownWarnings();
