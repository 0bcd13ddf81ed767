// Endpoints of the rig's services, for integration tests (set by test/setup/services-env.ts).
import { randomUUID } from 'node:crypto';

type ServiceVar = 'KAFKA_BROKERS' | 'REDIS_URL' | 'DATABASE_URL' | 'S3_ENDPOINT' | 'MLFLOW_TRACKING_URI';

export function serviceUrl(name: ServiceVar): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: the integration project's global setup exports it from the rig`);
  return value;
}

/** A name no other test run uses, for topics, queues, schemas and buckets. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export const s3ClientOptions = () => ({
  endpoint: serviceUrl('S3_ENDPOINT'),
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'rig', secretAccessKey: 'rig-secret' },
});
