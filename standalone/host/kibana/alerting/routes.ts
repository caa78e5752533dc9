// Subset of Kibana's alerting HTTP API for the host shell and tests (same paths and snake_case shapes):
// GET /api/alerting/rules/_find, GET|PUT /api/alerting/rule/{id}, POST /api/alerting/rule/{id}/_run_soon.
// Authorization is Kibana's alerting authorization: the user's feature privileges on the rule type/consumer.
// Mirrors (paths, shapes, authorization errors) x-pack/platform/plugins/shared/alerting/server/routes/rule/apis/find/
// find_rules_route.ts with the get/update routes beside it, routes/run_soon.ts, and authorization/alerting_authorization.ts.
import type { IRouter, KibanaRequest, KibanaResponseFactory } from '@kbn/core/server';
import { getRequestInfo } from '../http';
import type { Security, AlertingOperation } from '../security';
import { ParamsInvalidError, type AlertingService } from '.';
import { parseDuration } from './registry';

const AUTHZ_BY_RULE_TYPE = { authz: { enabled: false as const, reason: 'alerting authorization checks the rule type and consumer in the handler' } };

const obj = (d: unknown): d is Record<string, unknown> => d !== null && typeof d === 'object' && !Array.isArray(d);

export function registerAlertingRoutes(router: IRouter, alerting: AlertingService, security: Security) {
  const authorize = (request: KibanaRequest, res: KibanaResponseFactory, id: string, op: AlertingOperation) => {
    const { user, spaceId } = getRequestInfo(request);
    const entry = alerting.getRule(id);
    // a rule of another space does not exist in this one (saved objects are namespaced)
    if (!entry || (entry.rule.spaceId ?? 'default') !== spaceId) return { error: res.notFound({ body: `Saved object [alert/${id}] not found` }) };
    if (!security.canOnRule(user, op, entry.rule.ruleTypeId, entry.rule.consumer)) {
      return { error: res.forbidden({ body: `Unauthorized by "${entry.rule.consumer}" to ${op === 'read' ? 'get' : op === 'manual_run' ? 'runSoon' : 'update'} "${entry.rule.ruleTypeId}" rule` }) };
    }
    return { entry, user };
  };

  const toApi = (id: string) => {
    const { rule, task } = alerting.getRule(id)!;
    const lr = task.lastRun;
    const status = !lr ? 'pending' : lr.outcome === 'failed' ? 'error' : lr.outcome === 'warning' ? 'warning' : lr.alertsCount.active > 0 ? 'active' : 'ok';
    return {
      id: rule.id,
      name: rule.name,
      tags: rule.tags,
      enabled: rule.enabled,
      consumer: rule.consumer,
      rule_type_id: rule.ruleTypeId,
      schedule: rule.schedule,
      params: rule.params,
      actions: [],
      created_by: rule.createdBy,
      updated_by: rule.updatedBy,
      created_at: rule.createdAt,
      updated_at: rule.updatedAt,
      revision: rule.revision,
      mute_all: false,
      muted_alert_ids: [],
      running: alerting.isRunning(rule.id),
      execution_status: {
        status,
        last_execution_date: lr?.startedAt ?? rule.createdAt,
        ...(lr ? { last_duration: lr.durationMs } : {}),
        ...(lr?.outcome === 'failed' ? { error: { reason: lr.warning ?? 'unknown', message: lr.outcomeMsg.join('; ') } } : {}),
        ...(lr?.outcome === 'warning' && lr.warning ? { warning: { reason: lr.warning, message: lr.outcomeMsg.join('; ') } } : {}),
      },
      // Kibana's last_run; `error_source` (task manager's user|framework) and `search_metrics` are host additions
      last_run: lr
        ? {
            outcome: lr.outcome,
            outcome_order: { succeeded: 0, warning: 10, failed: 20 }[lr.outcome],
            outcome_msg: lr.outcomeMsg,
            warning: lr.warning,
            alerts_count: lr.alertsCount,
            execution_id: lr.executionId,
            time_range: lr.timeRange,
            backfill: lr.backfill,
            error_source: lr.errorSource ?? null,
            search_metrics: lr.searchMetrics ?? null,
          }
        : null,
      space_id: rule.spaceId ?? 'default',
      next_run: task.previousStartedAt && !lr?.backfill ? new Date(Date.parse(task.previousStartedAt) + parseDuration(rule.schedule.interval)).toISOString() : null,
      runs: task.runs,
    };
  };

  router.get(
    { path: '/api/alerting/rules/_find', validate: { query: (q, { ok }) => ok(q) }, security: AUTHZ_BY_RULE_TYPE, options: { access: 'public' } },
    async (_ctx, request, res) => {
      const { user, spaceId } = getRequestInfo(request);
      // AlertingAuthorization.getFindAuthorizationFilter: no readable rule type at all is a 403
      const readable = alerting.registry.list().some((t) => [...user.ruleGrants].some((g) => g.split(':')[1] === t.id));
      if (!readable) return res.forbidden({ body: 'Unauthorized to find rules for any rule types' });
      const data = alerting
        .listRules()
        .filter(({ rule }) => (rule.spaceId ?? 'default') === spaceId && security.canOnRule(user, 'read', rule.ruleTypeId, rule.consumer))
        .map(({ rule }) => toApi(rule.id));
      return res.ok({ body: { page: 1, per_page: data.length, total: data.length, data } });
    }
  );

  const idParam = (d: unknown, { ok, badRequest }: { ok: <T>(v: T) => { value: T }; badRequest: (e: string, p?: string[]) => { error: Error } }) =>
    obj(d) && typeof d.id === 'string' && d.id.length > 0 ? ok({ id: d.id }) : badRequest('expected value of type [string]', ['id']);

  router.get({ path: '/api/alerting/rule/{id}', validate: { params: idParam }, security: AUTHZ_BY_RULE_TYPE, options: { access: 'public' } }, async (_c, request, res) => {
    const { id } = request.params as { id: string };
    const a = authorize(request, res, id, 'read');
    if ('error' in a) return a.error!;
    return res.ok({ body: toApi(id) });
  });

  router.put(
    {
      path: '/api/alerting/rule/{id}',
      validate: {
        params: idParam,
        body: (d, { ok, badRequest }) => {
          if (!obj(d)) return badRequest('expected a plain object value');
          const allowed = ['name', 'tags', 'schedule', 'params', 'actions', 'throttle', 'notify_when'];
          const unknown = Object.keys(d).filter((k) => !allowed.includes(k));
          if (unknown.length) return badRequest(`definition for this key is missing`, [unknown[0]]);
          if (d.name !== undefined && (typeof d.name !== 'string' || !d.name.trim())) return badRequest('value has length [0] but it must have a minimum length of [1].', ['name']);
          if (d.tags !== undefined && (!Array.isArray(d.tags) || d.tags.some((t) => typeof t !== 'string'))) return badRequest('expected value of type [array]', ['tags']);
          if (d.schedule !== undefined) {
            if (!obj(d.schedule) || typeof d.schedule.interval !== 'string') return badRequest('expected value of type [object]', ['schedule']);
            try {
              parseDuration(d.schedule.interval);
            } catch (e) {
              return badRequest((e as Error).message, ['schedule', 'interval']);
            }
          }
          if (d.params !== undefined && !obj(d.params)) return badRequest('expected a plain object value', ['params']);
          if (Array.isArray(d.actions) && d.actions.length > 0) return badRequest('actions are not supported by the standalone host', ['actions']);
          return ok(d as { name?: string; tags?: string[]; schedule?: { interval: string }; params?: Record<string, unknown> });
        },
      },
      security: AUTHZ_BY_RULE_TYPE,
      options: { access: 'public' },
    },
    async (_c, request, res) => {
      const { id } = request.params as { id: string };
      const a = authorize(request, res, id, 'all');
      if ('error' in a) return a.error!;
      if (alerting.busyReason()) return res.conflict({ body: alerting.busyReason()! });
      const body = request.body as { name?: string; tags?: string[]; schedule?: { interval: string }; params?: Record<string, unknown> };
      try {
        alerting.updateRule(id, body, a.user.username);
      } catch (e) {
        if (e instanceof ParamsInvalidError) {
          const errors = e.message.replace(/^params invalid: /, '').split('; ');
          return res.badRequest({ body: { message: e.message, attributes: { errors } } });
        }
        throw e;
      }
      return res.ok({ body: toApi(id) });
    }
  );

  router.post(
    { path: '/api/alerting/rule/{id}/_run_soon', validate: { params: idParam }, security: AUTHZ_BY_RULE_TYPE, options: { access: 'public' } },
    async (_c, request, res) => {
      const { id } = request.params as { id: string };
      const a = authorize(request, res, id, 'manual_run');
      if ('error' in a) return a.error!;
      if (alerting.busyReason()) return res.conflict({ body: alerting.busyReason()! });
      if (alerting.isRunning(id)) return res.ok({ body: 'Rule is already running' });
      void alerting.runNow(id).catch(() => undefined);
      return (res as KibanaResponseFactory & { noContent(): ReturnType<KibanaResponseFactory['ok']> }).noContent();
    }
  );
}
