import { AimsError } from '@aims/core';

/**
 * A ticket sync problem: the run could not read Jira at all (credentials refused, site
 * unreachable, search failed), or one gap's ticket could not be moved on (no transition into done).
 * A single gap's failure is not thrown out of the sync; it is reported in the result with the gap id.
 * Messages never carry a token or an Authorization header.
 */
export class TicketSyncError extends AimsError {
  constructor(
    code: 'jira_read_failed' | 'ticket_refused' | 'transition_unavailable',
    message: string,
    options: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}
