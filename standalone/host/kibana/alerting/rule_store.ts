// The host's saved-objects stand-in: the rule, its task state and tracked alerts in one JSON file in the data
// directory, written atomically (temp file + fsync + rename) so a SIGKILL never leaves a torn file.
// Stands in for the rule saved object (x-pack/platform/plugins/shared/alerting/server/saved_objects/index.ts, type
// `alert`) and the task manager's task document (its state: tracked alerts, previousStartedAt); only their content.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'fs';
import { dirname } from 'path';

export interface StoredRule {
  id: string;
  name: string;
  ruleTypeId: string;
  consumer: string;
  tags: string[];
  enabled: boolean;
  schedule: { interval: string };
  params: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  revision: number;
  /** the rule's space (Kibana: the saved object's namespace); absent in older state files = default */
  spaceId?: string;
}

export interface TrackedAlert {
  id: string;
  uuid: string;
  status: 'active' | 'recovered';
  start: string;
  end?: string;
  state: Record<string, unknown>;
  actionGroup?: string;
  /** last written document while active (to write the recovered version without a read) */
  doc?: Record<string, unknown>;
}

export interface LastRun {
  executionId: string;
  outcome: 'succeeded' | 'warning' | 'failed';
  outcomeMsg: string[];
  warning: 'maxAlerts' | 'ruleExecution' | 'execute' | 'timeout' | null;
  startedAt: string;
  durationMs: number;
  timeRange: { dateStart: string; dateEnd: string } | null;
  alertsCount: { active: number; new: number; recovered: number; ignored: number };
  backfill: boolean;
  /** task manager's error source of a failed run (`user` | `framework`), null otherwise */
  errorSource?: 'user' | 'framework' | null;
  searchMetrics?: { numSearches: number; totalSearchDurationMs: number; esSearchDurationMs: number };
}

export interface TaskState {
  previousStartedAt: string | null;
  ruleState: Record<string, unknown>;
  alerts: Record<string, TrackedAlert>;
  lastRun: LastRun | null;
  runs: number;
}

export interface HostStateFile {
  version: 1;
  rules: Record<string, { rule: StoredRule; task: TaskState }>;
  /** host bookkeeping: seeding and backfill progress */
  meta: Record<string, unknown>;
}

export class RuleStore {
  private state: HostStateFile;

  constructor(private readonly file: string) {
    this.state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as HostStateFile) : { version: 1, rules: {}, meta: {} };
  }

  get(id: string) {
    return this.state.rules[id];
  }

  list() {
    return Object.values(this.state.rules);
  }

  put(rule: StoredRule, task?: TaskState) {
    const prev = this.state.rules[rule.id];
    this.state.rules[rule.id] = {
      rule,
      task: task ?? prev?.task ?? { previousStartedAt: null, ruleState: {}, alerts: {}, lastRun: null, runs: 0 },
    };
    this.flush();
  }

  setTask(id: string, task: TaskState) {
    const entry = this.state.rules[id];
    if (!entry) throw new Error(`Saved object [alert/${id}] not found`);
    entry.task = task;
    this.flush();
  }

  getMeta<T>(key: string): T | undefined {
    return this.state.meta[key] as T | undefined;
  }

  setMeta(key: string, value: unknown) {
    this.state.meta[key] = value;
    this.flush();
  }

  private flush() {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
