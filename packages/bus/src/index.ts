export * from './dead-letter.js';
export { EmbeddedEventBus, type EmbeddedEventBusOptions } from './embedded-bus.js';
export * from './errors.js';
export { KafkaEventBus, type KafkaEventBusOptions, type KafkaLogLevel } from './kafka-bus.js';
export type { KafkaConsumerTuning } from './kafka-subscription.js';
export { hashKey, partitionForKey } from './partition.js';
export * from './port.js';
