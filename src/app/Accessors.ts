import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

/** The accessors the engine hands an event handler. */
export interface Accessors {
    readonly read: IRead;
    readonly http: IHttp;
    readonly persis: IPersistence;
    readonly modify: IModify;
}
