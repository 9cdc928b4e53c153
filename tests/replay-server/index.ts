// Why: one import path for e2e setup and unit tests; internals stay free to move between modules.
export { startReplayServer, DEFAULT_SOURCE } from './server';
export type { ReplayServer, ReplayServerOptions, ReplayStats } from './server';
export type { ControlRequest } from './control';
export type { FaultsInput, FaultsState, MalformedKind, DropMode } from './faults';
export type { RoutesConfig } from './ws-hub';
export { ManualClock, systemClock } from './clock';
export type { Clock } from './clock';
export { loadRecording } from './recording';
export type { Recording, RecordedTrade, RecordingSource } from './recording';
