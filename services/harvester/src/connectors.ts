import { githubConnector } from '@aims/connector-github';
import { jiraConnector } from '@aims/connector-jira';
import { localFolderConnector } from '@aims/connector-local-folder';
import { mlflowConnector } from '@aims/connector-mlflow';
import { s3Connector } from '@aims/connector-s3';
import type { AnyConnector } from '@aims/pipeline';

/** Every connector the harvester can run, by id. */
export const connectorRegistry: ReadonlyMap<string, AnyConnector> = new Map<string, AnyConnector>(
  [githubConnector, jiraConnector, localFolderConnector, mlflowConnector, s3Connector].map((c) => [
    c.id,
    c as AnyConnector,
  ]),
);
