import type { Logger } from 'pino';

export interface Running {
  /** Stops the service; called once on SIGTERM or SIGINT. */
  stop(): Promise<void>;
}

/**
 * Starts a service and stops it on SIGTERM/SIGINT. A failed start or stop exits with code 1 after
 * logging; a second signal while stopping exits at once.
 */
export async function runService(
  logger: Logger,
  start: () => Promise<Running>,
  graceMs = 25_000,
): Promise<void> {
  let running: Running;
  try {
    running = await start();
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    process.exit(1);
  }
  logger.info('service started');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error({ graceMs }, 'stop took too long; exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    running.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
