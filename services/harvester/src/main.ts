import { serviceMain } from '@aims/service-kit';
import { loadHarvesterEnv } from './env.js';
import { startHarvesterService } from './service.js';

await serviceMain({ service: 'harvester', loadEnv: loadHarvesterEnv, start: startHarvesterService });
