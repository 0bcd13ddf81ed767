export {
  type HealthOptions,
  healthRouter,
  type Readiness,
  type ReadinessCheck,
  readiness,
  type ServicePhase,
  startHealthServer,
} from './health.js';
export { httpMetrics } from './http-metrics.js';
export { type InstrumentBusOptions, instrumentBus } from './instrument-bus.js';
export { MeshMetrics } from './metrics.js';
