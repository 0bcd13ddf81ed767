/** The GitHub connector's version, recorded as the collector version of its records. */
export const GITHUB_CONNECTOR_VERSION = '0.1.0';
