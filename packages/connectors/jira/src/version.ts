/** The Jira connector's version, recorded as the collector version of its records. */
export const JIRA_CONNECTOR_VERSION = '0.1.0';
