import { serviceMain } from '@aims/service-kit';
import { takeExporterEnv } from './env.js';
import { startExporterService } from './service.js';

await serviceMain({ service: 'exporter', loadEnv: takeExporterEnv, start: startExporterService });
