import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/samples/incidents/devlake-raw beside the repository; tests skip, saying so, when it is absent. */
export const INCIDENT_SAMPLES = fileURLToPath(new URL('../../../shared/samples/incidents/devlake-raw', import.meta.url));
export const HAVE_INCIDENT_SAMPLES = existsSync(INCIDENT_SAMPLES);
