import { serviceMain } from '@aims/service-kit';
import { takeEvidenceApiEnv } from './env.js';
import { startEvidenceApiService } from './service.js';

await serviceMain({ service: 'evidence-api', loadEnv: takeEvidenceApiEnv, start: startEvidenceApiService });
