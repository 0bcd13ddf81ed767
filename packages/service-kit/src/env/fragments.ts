// Every env fragment a service schema is built from, in one import.
export {
  alongsideFieldIssues,
  commonEnv,
  csv,
  envIssue,
  flag,
  healthEnv,
  httpEnv,
  libraryEnv,
  positiveInt,
  serviceEnv,
  workspacesEnv,
} from './common.js';
export { checkKafkaEnv, kafkaEnv } from './kafka.js';
export { blobEnv, catalogueEnv, checkBlobEnv, checkQueueEnv, redisEnv } from './stores.js';
