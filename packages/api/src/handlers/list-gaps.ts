import type { GapTicketRecord } from '@aims/catalogue';
import type { ApiSchema } from '@aims/core';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { booleanParam, integerParam, parseParams, slugParam } from '../query.js';
import { requireAiSystem } from '../views/ai-systems.js';
import { apiGap, compareGaps, gapsToCsv } from '../views/gaps.js';

const query = z.object({
  state: z.enum(['open', 'closed']).default('open'),
  ownerRole: slugParam.optional(),
  priority: integerParam(1, 3).optional(),
  overdue: booleanParam.optional(),
  aiSystem: slugParam.optional(),
});

type ApiGap = ApiSchema<'Gap'>;

/** A gap ticket as the API shows it on its gap. */
function apiTicket(record: GapTicketRecord): ApiSchema<'GapTicket'> {
  const ticket: ApiSchema<'GapTicket'> = { system: record.system, key: record.issueKey, url: record.url };
  if (record.status !== undefined) ticket.status = record.status;
  if (record.assigneeName !== undefined) ticket.assignee = record.assigneeName;
  if (record.flag !== undefined) ticket.flag = record.flag;
  return ticket;
}

const TICKET_COLUMNS = [
  'ticket_key',
  'ticket_url',
  'ticket_status',
  'ticket_assignee',
  'ticket_flag',
] as const;

/** The gaps' CSV with the ticket columns after the gap's own (one row per gap, RFC 4180). */
function withTicketColumns(gaps: readonly ApiGap[]): string {
  const ticketCells = (gap: ApiGap) => [
    gap.ticket?.key ?? '',
    gap.ticket?.url ?? '',
    gap.ticket?.status ?? '',
    gap.ticket?.assignee ?? '',
    gap.ticket?.flag ?? '',
  ];
  const own = gapsToCsv([]);
  const header = `${own.slice(0, -1)},${TICKET_COLUMNS.join(',')}\n`;
  // Each gap's row as gapsToCsv writes it (a quoted cell may hold a line break), then its ticket's.
  const rows = gaps.map(
    (gap) =>
      `${gapsToCsv([gap]).slice(own.length, -1)},${stringify([ticketCells(gap)], { record_delimiter: 'unix' })}`,
  );
  return header + rows.join('');
}

/** GET /v1/gaps: the tracked gaps of the workspace (or of one AI system's view), most urgent first; JSON or CSV. */
export function listGaps(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query);
    await requireAiSystem(ctx, params.aiSystem);
    const now = ctx.now();
    const [stored, tickets] = await Promise.all([
      ctx.catalogue.listGaps(ctx.workspace, { state: params.state }),
      ctx.catalogue.listGapTickets(ctx.workspace),
    ]);
    const ticketOf = new Map(tickets.map((ticket) => [ticket.gapId, ticket]));
    const items = stored
      .filter((gap) => gap.aiSystem === params.aiSystem)
      .map((gap) => {
        const view = apiGap(gap, ctx.owners, now);
        const ticket = ticketOf.get(gap.id);
        if (ticket !== undefined) view.ticket = apiTicket(ticket);
        return view;
      })
      .filter(
        (gap) =>
          (params.ownerRole === undefined || gap.ownerRole === params.ownerRole) &&
          (params.priority === undefined || gap.priority === params.priority) &&
          (params.overdue === undefined || gap.overdue === params.overdue),
      )
      .sort(compareGaps);
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv').send(withTicketColumns(items));
      return;
    }
    const body: ApiSchema<'GapReport'> = { generatedAt: now.toISOString(), items };
    res.json(body);
  };
}
