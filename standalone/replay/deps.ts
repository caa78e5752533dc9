// The rule executor and the embedded engine, resolved at run time (tests inject their own).
import type { Correlate } from './replay';

export interface EngineHandle {
  url: string;
  close(): Promise<void>;
}
export type StartEngine = (o: { dataDir?: string; port?: number }) => Promise<EngineHandle>;

export function loadCorrelate(): Correlate {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('../../server/rule_type/correlate').runCorrelation as Correlate;
}

export function loadStartEngine(): StartEngine {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('../esql').startEngine as StartEngine;
}
