// What Rocket.Chat's server functions share in the stand-in: the database and the way to the Apps-Engine.
import type { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import type { Model } from './Model';

/** How the server reaches the Apps-Engine (the orchestrator's triggerEvent, ee/server/apps/orchestrator.js). */
export interface AppsHooks {
    isLoaded(): boolean;
    triggerEvent(event: AppInterface, ...payload: unknown[]): Promise<unknown>;
}

export interface ServerContext {
    readonly model: Model;
    /** `Apps.self?.isLoaded()` */
    appsLoaded(): boolean;
    /** `await Apps.self?.triggerEvent(...)`: undefined when no engine is loaded */
    trigger(event: AppInterface, ...payload: unknown[]): Promise<unknown>;
    /** `void Apps.self?.triggerEvent(...)`: not awaited by the caller; RocketChatServer.settle() waits for it */
    fireAndForget(p: Promise<unknown>): void;
}

/** An app's AppsEngineException becomes Meteor's error-app-prevented (createRoom.ts, addUserToRoom.ts). */
export function isAppsEngineException(error: unknown): error is Error {
    return (error as Error | undefined)?.name === 'AppsEngineException';
}
