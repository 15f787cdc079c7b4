import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Language, Text } from '../i18n/translate';
import { resolveLanguage, translateAll, userLanguage } from '../i18n/translate';
import { workspaceLanguage } from '../settings/serverSettings';

/** The language to answer a person in: their own preference, else the workspace default, else English. */
export async function languageOf(read: IRead, user: IUser | undefined): Promise<Language> {
    const own = userLanguage(user);
    return resolveLanguage(own ?? (await workspaceLanguage(read)));
}

/** Tells one person something privately (an ephemeral message only they see), in their language. */
export async function tell(read: IRead, modify: IModify, user: IUser, room: IRoom, lines: ReadonlyArray<Text>): Promise<void> {
    if (lines.length === 0) {
        return;
    }
    const language = await languageOf(read, user);
    const notifier = modify.getNotifier();
    const message = notifier.getMessageBuilder().setRoom(room).setText(translateAll(language, lines)).setGroupable(false).getMessage();
    await notifier.notifyUser(user, message);
}
