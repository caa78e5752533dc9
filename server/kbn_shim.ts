// The server's only module with runtime `@kbn/*` imports. Inside Kibana these resolve to the real task manager
// plugin; outside it (tests, the standalone host) tsconfig `paths` / Jest's moduleNameMapper resolve them to
// standalone/host/kibana/task_manager.ts, which behaves the same way.
export { createTaskRunError, TaskErrorSource } from '@kbn/task-manager-plugin/server';
