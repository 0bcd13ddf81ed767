// Apache Kafka from Maven Central, as a single-node KRaft server on Java 17.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { dir, log, RigError, rigPort, root, run, startDetached, stopDetached, which } from './lib.mjs';

const port = rigPort(19092);
const controllerPort = rigPort(19093);
const pom = join(root, 'infra', 'kafka', 'pom.xml');

function kafkaVersion() {
  const m = readFileSync(pom, 'utf8').match(/<kafka\.version>([^<]+)<\/kafka\.version>/);
  if (!m) throw new RigError(`no <kafka.version> in ${pom}`);
  return m[1];
}

export const kafka = {
  name: 'kafka',
  envVar: 'KAFKA_BROKERS',
  url: `127.0.0.1:${port}`,
  startTimeoutMs: 90_000,

  provision() {
    if (!which('java')) throw new RigError('kafka needs Java 17 (java is not on PATH)');
    const version = kafkaVersion();
    const libs = dir('kafka', `libs-${version}`);
    if (existsSync(join(libs, `kafka_2.13-${version}.jar`))) return;
    if (!which('mvn'))
      throw new RigError('kafka needs Maven (mvn is not on PATH) to resolve Apache Kafka from Maven Central');
    log('kafka', `resolving Apache Kafka ${version} from Maven Central`);
    run('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`], {
      timeoutMs: 900_000,
      logName: 'kafka-install',
    });
  },

  start() {
    const version = kafkaVersion();
    const home = dir('kafka');
    const libs = join(home, `libs-${version}`);
    const data = dir('kafka', 'data');
    const template = readFileSync(join(root, 'infra', 'kafka', 'server.properties'), 'utf8');
    const props = template
      .replaceAll('@PORT@', String(port))
      .replaceAll('@CONTROLLER_PORT@', String(controllerPort))
      .replaceAll('@DATA_DIR@', data);
    const config = join(home, 'server.properties');
    writeFileSync(config, props);
    const cp = `${libs}/*`;
    const log4j = `-Dlog4j2.configurationFile=${join(root, 'infra', 'kafka', 'log4j2.properties')}`;
    if (!existsSync(join(data, 'meta.properties')) || readdirSync(data).length === 0) {
      log('kafka', 'formatting the KRaft storage');
      run(
        'java',
        [
          log4j,
          '-cp',
          cp,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          'aims-rig-kafka-cluster01',
          '-c',
          config,
          '--ignore-formatted',
        ],
        {
          timeoutMs: 120_000,
          logName: 'kafka',
        },
      );
    }
    return startDetached('kafka', 'java', [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      log4j,
      '-cp',
      cp,
      'kafka.Kafka',
      config,
    ]);
  },

  async probe(brokers) {
    const require = createRequire(join(root, 'package.json'));
    const { Kafka, logLevel } = require('kafkajs');
    const admin = new Kafka({
      clientId: 'aims-rig',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no broker registered yet');
      await admin.listTopics();
    } finally {
      await admin.disconnect().catch(() => {});
    }
  },

  stop: () => stopDetached('kafka', { timeoutMs: 30_000 }),
};
