// A workspace saved to a file and loaded again (`npm start -- --data PATH`): the database, the apps' persistence
// records, the app's settings and the scheduler's jobs. JSON, readable.
import fs from 'fs';
import path from 'path';

import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import type { PersistenceRecord } from './engine/bridges/BridgeContext';
import type { JobRecord } from './engine/scheduler/Agenda';
import type { Model, ModelSnapshot } from './rocketchat/Model';

export interface WorkspaceState {
    version: 1;
    model: ModelSnapshot;
    persistence: PersistenceRecord[];
    appSettings: Record<string, unknown>;
    /** the apps scheduler's jobs (rocketchat_apps_scheduler), absent in states saved before jobs were kept */
    scheduler?: JobRecord[];
}

export function captureState(model: Model, persistence: Map<string, PersistenceRecord>, appSettings: Record<string, ISetting>, scheduler: JobRecord[] = []): WorkspaceState {
    const values: Record<string, unknown> = {};
    for (const [id, s] of Object.entries(appSettings)) {
        values[id] = s.value;
    }
    return { version: 1, model: model.snapshot(), persistence: JSON.parse(JSON.stringify([...persistence.values()])), appSettings: values, scheduler };
}

export function readState(file: string): WorkspaceState | undefined {
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as WorkspaceState) : undefined;
}

export function writeState(file: string, state: WorkspaceState): void {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
}
