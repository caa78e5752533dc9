// Standalone stand-in for the runtime part of `@kbn/task-manager-plugin/server` the plugin uses: task-run errors
// carrying a user/framework source. Outside Kibana, tsconfig `paths` and Jest's moduleNameMapper resolve the package
// name to this file; inside Kibana the real package loads. Mirrors (behaviour, not code)
// x-pack/platform/plugins/shared/task_manager/server/task_running/errors.ts and common/constants (TaskErrorSource),
// unchanged from Kibana 8.14 through 9.5: the source is a symbol-keyed property on the error object, the default source
// is the framework, and an error without a source counts as the framework's unless it is an authorization error.

export enum TaskErrorSource {
  FRAMEWORK = 'framework',
  USER = 'user',
}

const sourceKey = Symbol('TaskManagerErrorSource');

interface DecoratedError extends Error {
  [sourceKey]?: TaskErrorSource;
}

/** Tags `error` (the same object, as Kibana does) with who caused it. */
export function createTaskRunError(error: Error, errorSource: TaskErrorSource = TaskErrorSource.FRAMEWORK): Error {
  (error as DecoratedError)[sourceKey] = errorSource;
  return error;
}

/** Kibana's getErrorSource: the tagged source, else USER for 401/403 Elasticsearch errors (@kbn/es-errors isUnauthorizedError), else undefined. */
export function getErrorSource(error: unknown): TaskErrorSource | undefined {
  const tagged = error && typeof error === 'object' ? (error as DecoratedError)[sourceKey] : undefined;
  if (tagged) return tagged;
  const status = (error as { statusCode?: number; meta?: { statusCode?: number } } | null)?.meta?.statusCode ?? (error as { statusCode?: number } | null)?.statusCode;
  if ((error as { name?: string } | null)?.name === 'ResponseError' && status === 401) return TaskErrorSource.USER;
  return undefined;
}

export const isUserError = (error: unknown) => getErrorSource(error) === TaskErrorSource.USER;
