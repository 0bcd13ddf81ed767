import { serviceMain } from '@aims/service-kit';
import { loadScorerEnv } from './env.js';
import { startScorerService } from './service.js';

await serviceMain({ service: 'scorer', loadEnv: loadScorerEnv, start: startScorerService });
