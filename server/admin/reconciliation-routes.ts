/** `/api/admin/reconciliation/…`: reports, one report, its CSV, and a run on demand (./reconciliation.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, reconciliationDetailSchema, reconciliationListSchema, reconciliationReportSchema, reconciliationRunRequestSchema } from '../../contract/api';
import { HttpError } from '../errors';
import { staffMember } from './guard';
import { Reconciler } from './reconciliation';

const reportParams = z.strictObject({ id: z.string().regex(/^rec_[0-9a-f]{24}$/, 'must be a report id') });
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const MAX_DAYS = 31;

export function reconciliationRoutes(reconciler: Reconciler, now: () => Date): FastifyPluginAsyncZod {
  return async (app) => {
    const find = async (id: string) => {
      const detail = await reconciler.get(id);
      if (!detail) throw new HttpError(404, 'report_not_found', 'There is no reconciliation report with this id.');
      return detail;
    };

    app.get('/api/admin/reconciliation/reports', { config: { right: 'reconciliation.read' }, schema: { response: { 200: reconciliationListSchema, ...errors } } }, async () => ({
      reports: await reconciler.list(),
    }));

    app.get(
      '/api/admin/reconciliation/reports/:id',
      { config: { right: 'reconciliation.read' }, schema: { params: reportParams, response: { 200: reconciliationDetailSchema, ...errors } } },
      async (request) => find(request.params.id),
    );

    app.get(
      '/api/admin/reconciliation/reports/:id/csv',
      { config: { right: 'reconciliation.read' }, schema: { params: reportParams } },
      async (request, reply) => {
        const detail = await find(request.params.id);
        const day = detail.report.periodStart.slice(0, 10);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="reconciliation-${day}-${detail.report.id}.csv"`)
          .send(Reconciler.csv(detail));
      },
    );

    app.post(
      '/api/admin/reconciliation/runs',
      { config: { right: 'reconciliation.run' }, schema: { body: reconciliationRunRequestSchema, response: { 201: z.strictObject({ report: reconciliationReportSchema }), 200: z.strictObject({ report: reconciliationReportSchema }), ...errors } } },
      async (request, reply) => {
        const staff = staffMember(request);
        const yesterday = Reconciler.yesterday(now());
        const from = request.body.from ?? request.body.to ?? yesterday.from;
        const to = request.body.to ?? request.body.from ?? yesterday.to;
        const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
        if (days < 1 || days > MAX_DAYS) throw new HttpError(400, 'invalid_period', `The period must be 1 to ${MAX_DAYS} days, from before to.`, [{ path: 'to', message: `must be on or after from, at most ${MAX_DAYS} days later` }]);
        const result = (await reconciler.run({ from, to }, `staff ${staff.username}`))!;
        await app.securityAudit.record(request, 'staff_reconciliation', staff.username, { from, to, reportId: result.report.id, joined: result.joined });
        return reply.code(result.joined ? 200 : 201).send({ report: result.report });
      },
    );
  };
}
