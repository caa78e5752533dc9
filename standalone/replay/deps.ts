// The rule executor and the embedded engine (tests may inject their own).
import { runCorrelation } from '../../server/rule_type/correlate';
import { startEngine } from '../esql';
import type { Correlate } from './replay';

export interface EngineHandle {
  url: string;
  close(): Promise<void>;
}
export type StartEngine = (o: { dataDir?: string; port?: number }) => Promise<EngineHandle>;

export const loadCorrelate = (): Correlate => runCorrelation as unknown as Correlate;
export const loadStartEngine = (): StartEngine => startEngine;
