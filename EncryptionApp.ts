import { App } from '@rocket.chat/apps-engine/definition/App';
import type { IAppAccessors, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';

export class EncryptionApp extends App {
    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }
}
