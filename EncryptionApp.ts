import type {
    IAppAccessors,
    IConfigurationExtend,
    IConfigurationModify,
    IEnvironmentRead,
    IHttp,
    ILogger,
    IMessageBuilder,
    IModify,
    IPersistence,
    IRoomBuilder,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type {
    IMessage,
    IPostSystemMessageSent,
    IPreMessageSentModify,
    IPreMessageSentPrevent,
    IPreMessageUpdatedModify,
    IPreMessageUpdatedPrevent,
} from '@rocket.chat/apps-engine/definition/messages';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { IPostRoomCreate, IPostRoomUserJoined, IPreRoomCreateModify, IPreRoomCreatePrevent, IRoom, IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type {
    IUIKitInteractionHandler,
    IUIKitResponse,
    UIKitActionButtonInteractionContext,
    UIKitViewCloseInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';

import type { AppServices } from './src/app/AppServices';
import { createServices } from './src/app/AppServices';
import { AuditAction } from './src/audit/AuditRecord';
import { E2eCommand } from './src/commands/E2eCommand';
import { MessageGuardHandler } from './src/handlers/MessageGuardHandler';
import { RoomLifecycleHandler } from './src/handlers/RoomLifecycleHandler';
import { UiHandler } from './src/handlers/UiHandler';
import { processors } from './src/jobs/processors';
import { settingChanged, startJobs } from './src/jobs/schedule';
import { SETTINGS } from './src/settings/definitions';
import { registerButtons } from './src/ui/buttons';

/**
 * Server-side policy for Rocket.Chat end-to-end encryption. This class only registers things
 * and hands every event to a handler in src/.
 */
export class EncryptionApp
    extends App
    implements
        IPreMessageSentPrevent,
        IPreMessageSentModify,
        IPreMessageUpdatedPrevent,
        IPreMessageUpdatedModify,
        IPostSystemMessageSent,
        IPreRoomCreatePrevent,
        IPreRoomCreateModify,
        IPostRoomCreate,
        IPostRoomUserJoined,
        IUIKitInteractionHandler
{
    private readonly services: AppServices;
    private readonly guard: MessageGuardHandler;
    private readonly rooms: RoomLifecycleHandler;
    private readonly ui: UiHandler;

    constructor(info: IAppInfo, logger: ILogger, accessors?: IAppAccessors) {
        super(info, logger, accessors);
        this.services = createServices(logger);
        this.guard = new MessageGuardHandler(this.services);
        this.rooms = new RoomLifecycleHandler(this.services);
        this.ui = new UiHandler(this.services);
    }

    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
        registerButtons(configuration.ui);
        await configuration.scheduler.registerProcessors(processors(this.services));
        // Last: the engine keeps slash commands across disable and enable, and providing one that is
        // still registered throws; everything above is then already in place.
        await configuration.slashCommands.provideSlashCommand(new E2eCommand(this.services));
    }

    public async onEnable(environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
        const settings = await this.services.settings.refresh(environment.getSettings());
        await startJobs(configurationModify.scheduler, settings, this.services.logger);
        return true;
    }

    /**
     * The engine writes whatever this returns into the app's logs (deno-runtime handlers/app/handler.ts: "was
     * successfully called! The result is: ..."), and the default returns the new setting with its value: the
     * service token would be logged in clear. Returning nothing makes the engine store the setting exactly as
     * given (AppSettingsManager.updateAppSetting: `result || setting`).
     */
    public async onPreSettingUpdate(): Promise<ISetting> {
        return undefined as unknown as ISetting;
    }

    public async onSettingUpdated(setting: ISetting, configurationModify: IConfigurationModify, read: IRead): Promise<void> {
        this.services.permissions.clear();
        const settings = await this.services.settings.refresh(read.getEnvironmentReader().getSettings());
        await settingChanged(setting.id, configurationModify.scheduler, settings, this.services.logger);
    }

    public async checkPreMessageSentPrevent(message: IMessage): Promise<boolean> {
        return this.guard.mayRefuse(message);
    }

    public async executePreMessageSentPrevent(message: IMessage, read: IRead, _http: IHttp, persistence: IPersistence): Promise<boolean> {
        return this.guard.prevent(message, read, persistence, AuditAction.MessageRefused);
    }

    public async checkPreMessageSentModify(message: IMessage): Promise<boolean> {
        return this.guard.mayStrip(message);
    }

    public async executePreMessageSentModify(message: IMessage, builder: IMessageBuilder): Promise<IMessage> {
        return this.guard.strip(message, builder);
    }

    public async checkPreMessageUpdatedPrevent(message: IMessage): Promise<boolean> {
        return this.guard.mayRefuse(message);
    }

    public async executePreMessageUpdatedPrevent(message: IMessage, read: IRead, _http: IHttp, persistence: IPersistence): Promise<boolean> {
        return this.guard.prevent(message, read, persistence, AuditAction.EditRefused);
    }

    public async checkPreMessageUpdatedModify(message: IMessage): Promise<boolean> {
        return this.guard.mayStrip(message);
    }

    public async executePreMessageUpdatedModify(message: IMessage, builder: IMessageBuilder): Promise<IMessage> {
        return this.guard.strip(message, builder);
    }

    public async executePostSystemMessageSent(message: IMessage, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<void> {
        await this.rooms.systemMessage(message, { read, http, persis, modify });
    }

    public async executePreRoomCreatePrevent(room: IRoom, read: IRead, _http: IHttp, persistence: IPersistence): Promise<boolean> {
        return this.rooms.preCreate(room, read, persistence);
    }

    public async checkPreRoomCreateModify(room: IRoom): Promise<boolean> {
        return this.rooms.mayClearEncryption(room);
    }

    public async executePreRoomCreateModify(room: IRoom, _builder: IRoomBuilder, read: IRead, _http: IHttp, persistence: IPersistence): Promise<IRoom> {
        return this.rooms.clearEncryption(room, read, persistence);
    }

    public async executePostRoomCreate(room: IRoom, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<void> {
        await this.rooms.postCreate(room, { read, http, persis, modify });
    }

    public async executePostRoomUserJoined(context: IRoomUserJoinedContext, read: IRead, http: IHttp, persis: IPersistence, modify?: IModify): Promise<void> {
        await this.rooms.postJoin(context, { read, http, persis, modify });
    }

    public async executeActionButtonHandler(
        context: UIKitActionButtonInteractionContext,
        read: IRead,
        http: IHttp,
        persis: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        return this.ui.actionButton(context, { read, http, persis, modify });
    }

    public async executeViewSubmitHandler(
        context: UIKitViewSubmitInteractionContext,
        read: IRead,
        http: IHttp,
        persis: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        return this.ui.viewSubmit(context, { read, http, persis, modify });
    }

    public async executeViewClosedHandler(
        context: UIKitViewCloseInteractionContext,
        read: IRead,
        http: IHttp,
        persis: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        return this.ui.viewClose(context, { read, http, persis, modify });
    }
}
