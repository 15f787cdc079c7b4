// The bridge set handed to the AppManager (RealAppBridges, apps/meteor/app/apps/server/bridges/bridges.ts), one
// bridge per file beside this one. Every bridge's do* call is counted for the app it serves.
import { AppBridges, CloudWorkspaceBridge, LivechatBridge, ModerationBridge, VideoConferenceBridge } from '@rocket.chat/apps-engine/server/bridges';
import type {
    ApiBridge,
    AppActivationBridge,
    AppDetailChangesBridge,
    CommandBridge,
    EmailBridge,
    EnvironmentalVariableBridge,
    HttpBridge,
    IListenerBridge,
    MessageBridge,
    PersistenceBridge,
    RoleBridge,
    RoomBridge,
    SchedulerBridge,
    ServerSettingBridge,
    UiInteractionBridge,
    UploadBridge,
    UserBridge,
} from '@rocket.chat/apps-engine/server/bridges';
import { ContactBridge } from '@rocket.chat/apps-engine/server/bridges/ContactBridge';
import { ExperimentalBridge } from '@rocket.chat/apps-engine/server/bridges/ExperimentalBridge';
import type { InternalBridge } from '@rocket.chat/apps-engine/server/bridges/InternalBridge';
import { OAuthAppsBridge } from '@rocket.chat/apps-engine/server/bridges/OAuthAppsBridge';
import { OutboundMessageBridge } from '@rocket.chat/apps-engine/server/bridges/OutboundMessagesBridge';
import type { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';

import { StandInActivationBridge } from './AppActivationBridge';
import { StandInDetailChangesBridge } from './AppDetailChangesBridge';
import { StandInApiBridge } from './ApiBridge';
import type { BridgeContext } from './BridgeContext';
import { StandInCommandBridge } from './CommandBridge';
import { StandInEmailBridge } from './EmailBridge';
import { StandInEnvBridge } from './EnvironmentalVariableBridge';
import { StandInHttpBridge } from './HttpBridge';
import { StandInInternalBridge } from './InternalBridge';
import { StandInFederationBridge } from './InternalFederationBridge';
import { StandInListenerBridge } from './ListenerBridge';
import { StandInMessageBridge } from './MessageBridge';
import { notAvailableBridge } from './NotAvailableBridge';
import { StandInPersistenceBridge } from './PersistenceBridge';
import { StandInRoleBridge } from './RoleBridge';
import { StandInRoomBridge } from './RoomBridge';
import { StandInSchedulerBridge } from './SchedulerBridge';
import { StandInServerSettingBridge } from './ServerSettingBridge';
import { StandInThreadBridge } from './ThreadBridge';
import { StandInUiInteractionBridge } from './UiInteractionBridge';
import { StandInUploadBridge } from './UploadBridge';
import { StandInUserBridge } from './UserBridge';

/** Wraps a bridge so every do* call is counted for the app it serves (an argument that is an installed app's id). */
function counted<T extends object>(bridge: T, name: string, ctx: BridgeContext): T {
    return new Proxy(bridge, {
        get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver);
            if (typeof v !== 'function' || typeof prop !== 'string' || !prop.startsWith('do')) {
                return v;
            }
            return function (this: unknown, ...args: unknown[]) {
                const appId = args.find((a): a is string => typeof a === 'string' && Boolean(ctx.manager?.getOneById(a)));
                if (appId) {
                    ctx.counters.bridgeCall(appId, `${name}.${prop}`);
                }
                return (v as (...a: unknown[]) => unknown).apply(target, args);
            };
        },
    });
}

export class StandInBridges extends AppBridges {
    private readonly b: Record<string, unknown>;
    readonly listener: StandInListenerBridge;

    constructor(readonly ctx: BridgeContext) {
        super();
        this.listener = new StandInListenerBridge(ctx);
        const raw: Record<string, object> = {
            command: new StandInCommandBridge(ctx),
            room: new StandInRoomBridge(ctx),
            user: new StandInUserBridge(ctx),
            message: new StandInMessageBridge(ctx),
            serverSetting: new StandInServerSettingBridge(ctx),
            persistence: new StandInPersistenceBridge(ctx),
            http: new StandInHttpBridge(ctx),
            uiInteraction: new StandInUiInteractionBridge(ctx),
            scheduler: new StandInSchedulerBridge(ctx),
            internal: new StandInInternalBridge(ctx),
            activation: new StandInActivationBridge(),
            detailChanges: new StandInDetailChangesBridge(),
            api: new StandInApiBridge(),
            env: new StandInEnvBridge(),
            email: new StandInEmailBridge(ctx),
            role: new StandInRoleBridge(ctx),
            thread: new StandInThreadBridge(ctx),
            livechat: notAvailableBridge(LivechatBridge as never, 'Livechat'),
            upload: new StandInUploadBridge(ctx),
            video: notAvailableBridge(VideoConferenceBridge as never, 'Video conferences'),
            oauth: notAvailableBridge(OAuthAppsBridge as never, 'OAuth apps'),
            cloud: notAvailableBridge(CloudWorkspaceBridge as never, 'Cloud workspace'),
            contact: notAvailableBridge(ContactBridge as never, 'Omnichannel contacts'),
            moderation: notAvailableBridge(ModerationBridge as never, 'Moderation'),
            outbound: notAvailableBridge(OutboundMessageBridge as never, 'Outbound messages'),
            experimental: notAvailableBridge(ExperimentalBridge as never, 'Experimental features'),
        };
        this.b = {};
        for (const [k, v] of Object.entries(raw)) {
            this.b[k] = counted(v, k, ctx);
        }
    }

    getCommandBridge = () => this.b.command as CommandBridge;
    getContactBridge = () => this.b.contact as ContactBridge;
    getApiBridge = () => this.b.api as ApiBridge;
    getAppDetailChangesBridge = () => this.b.detailChanges as AppDetailChangesBridge;
    getEnvironmentalVariableBridge = () => this.b.env as EnvironmentalVariableBridge;
    getHttpBridge = () => this.b.http as HttpBridge;
    getListenerBridge = () => this.listener as unknown as IListenerBridge;
    getLivechatBridge = () => this.b.livechat as LivechatBridge;
    getMessageBridge = () => this.b.message as MessageBridge;
    getPersistenceBridge = () => this.b.persistence as PersistenceBridge;
    getAppActivationBridge = () => this.b.activation as AppActivationBridge;
    getRoomBridge = () => this.b.room as RoomBridge;
    getInternalBridge = () => this.b.internal as InternalBridge;
    getInternalFederationBridge = () => new StandInFederationBridge(this.ctx);
    getServerSettingBridge = () => this.b.serverSetting as ServerSettingBridge;
    getUploadBridge = () => this.b.upload as UploadBridge;
    getEmailBridge = () => this.b.email as EmailBridge;
    getUserBridge = () => this.b.user as UserBridge;
    getUiInteractionBridge = () => this.b.uiInteraction as UiInteractionBridge;
    getSchedulerBridge = () => this.b.scheduler as SchedulerBridge;
    getCloudWorkspaceBridge = () => this.b.cloud as CloudWorkspaceBridge;
    getVideoConferenceBridge = () => this.b.video as VideoConferenceBridge;
    getOAuthAppsBridge = () => this.b.oauth as OAuthAppsBridge;
    getModerationBridge = () => this.b.moderation as ModerationBridge;
    getThreadBridge = () => this.b.thread as ThreadBridge;
    getRoleBridge = () => this.b.role as RoleBridge;
    getOutboundMessageBridge = () => this.b.outbound as OutboundMessageBridge;
    getExperimentalBridge = () => this.b.experimental as ExperimentalBridge;
}
