// What the bridges share: the server, the converters, the engine (set once it exists), the counters, and the
// host-side records of what apps did (UI interactions, commands, persistence, scheduled jobs, e-mails).
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

import { AppConverters } from '../../rocketchat/converters';
import { nowIso } from '../../rocketchat/ids';
import type { RocketChatServer } from '../../rocketchat/Server';
import type { Counters } from '../counters';
import { Agenda } from '../scheduler/Agenda';
import { PersistenceCollection } from './PersistenceCollection';

export type Data = Record<string, unknown>;

/** One app persistence record (the apps_persistence collection). */
export interface PersistenceRecord {
    _id: string;
    appId: string;
    associations?: RocketChatAssociationRecord[];
    data: object;
}

export class BridgeContext {
    manager?: AppManager;
    readonly converters: AppConverters;
    /** UI interactions sent to users (uiInteraction bridge), per user id, oldest first. */
    readonly uiInteractions = new Map<string, Array<IUIKitInteraction & { at: string }>>();
    readonly registeredCommands = new Map<string, { appId: string; enabled: boolean; command: ISlashCommand }>();
    readonly persistence = new PersistenceCollection();
    /** The apps scheduler's Agenda (bridges/scheduler.ts: `defaultConcurrency: 1`); replaced before use to set its clock. */
    scheduler = new Agenda({ defaultConcurrency: 1 });
    readonly emails: Array<{ appId: string; email: unknown }> = [];
    /** Outbound HTTP calls still running: stop() lets them end before the Deno child goes. */
    readonly httpInFlight = new Set<Promise<unknown>>();
    readonly federationKeys: { publicKey: string; privateKey: string };

    constructor(
        readonly server: RocketChatServer,
        readonly counters: Counters,
        keys: { publicKey: string; privateKey: string },
    ) {
        this.converters = new AppConverters({ userById: (id) => server.model.userById(id), roomById: (id) => server.model.roomById(id) });
        this.federationKeys = keys;
    }

    get model() {
        return this.server.model;
    }

    requireManager(): AppManager {
        if (!this.manager) {
            throw new Error('Apps-Engine not started');
        }
        return this.manager;
    }

    recordUiInteraction(userId: string, interaction: IUIKitInteraction): void {
        const list = this.uiInteractions.get(userId) ?? [];
        list.push({ ...interaction, at: nowIso() });
        this.uiInteractions.set(userId, list);
    }
}
