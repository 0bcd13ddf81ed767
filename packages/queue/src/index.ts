export * from './aims-jobs.js';
export { BullMqJobQueue, type BullMqJobQueueOptions } from './bullmq-queue.js';
export { backoffDelayMs, defineJobCatalogue, parsePayload } from './catalogue.js';
export { EmbeddedJobQueue } from './embedded-queue.js';
export * from './errors.js';
export * from './port.js';
