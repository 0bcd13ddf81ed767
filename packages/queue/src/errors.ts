import { AimsError, type ErrorDetail } from '@aims/core';

/** Base class of every error the job queue raises; `code` is stable and snake_case. */
export class QueueError extends AimsError {}

export class UnknownJobError extends QueueError {
  constructor(name: string) {
    super('unknown_job', `job "${name}" is not in the job catalogue`);
  }
}

export class InvalidJobPayloadError extends QueueError {
  constructor(name: string, details: ErrorDetail[], cause?: unknown) {
    const first = details[0];
    const where = first ? ` (${first.path || '/'}: ${first.message})` : '';
    super('invalid_job_payload', `payload of job "${name}" does not match its schema${where}`, {
      details,
      cause,
    });
  }
}

export class JobTimeoutError extends QueueError {
  constructor(name: string, id: string, timeoutMs: number) {
    super('job_timeout', `job "${name}" (${id}) did not finish within ${timeoutMs} ms`, { retriable: true });
  }
}

export class QueueClosedError extends QueueError {
  constructor(operation: string) {
    super('queue_closed', `cannot ${operation}: the job queue is closed`);
  }
}

export class InvalidScheduleError extends QueueError {
  constructor(schedulerId: string, reason: string) {
    super('invalid_schedule', `schedule "${schedulerId}": ${reason}`);
  }
}
