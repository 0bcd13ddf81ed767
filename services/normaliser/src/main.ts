import { serviceMain } from '@aims/service-kit';
import { loadNormaliserEnv } from './env.js';
import { startNormaliserService } from './service.js';

await serviceMain({ service: 'normaliser', loadEnv: loadNormaliserEnv, start: startNormaliserService });
