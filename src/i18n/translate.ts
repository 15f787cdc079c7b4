import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { CATALOG } from './catalog';

export type Language = keyof typeof CATALOG;
export type MessageKey = keyof (typeof CATALOG)['en'];

/** The catalog as the app reads it. Typed this way, a language that lacks an English key does not compile. */
const MESSAGES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = CATALOG;
export type Params = Readonly<Record<string, string | number | Text>>;

/** A translatable text: decided in pure code, turned into words only for the person who reads it. */
export interface Text {
    readonly key: MessageKey;
    readonly params?: Params;
}

export const DEFAULT_LANGUAGE: Language = 'en';

export function text(key: MessageKey, params?: Params): Text {
    return params === undefined ? { key } : { key, params };
}

const LANGUAGES = Object.keys(CATALOG) as Array<Language>;

/** Maps a Rocket.Chat language code (`pt-BR`, `de`, `de-AT`, `pt`) to one the app speaks. */
export function resolveLanguage(...candidates: Array<unknown>): Language {
    for (const candidate of candidates) {
        if (typeof candidate !== 'string' || candidate.length === 0) {
            continue;
        }
        const wanted = candidate.toLowerCase().replace('_', '-');
        const exact = LANGUAGES.find((language) => language.toLowerCase() === wanted);
        if (exact) {
            return exact;
        }
        const base = wanted.split('-')[0];
        const sameBase = LANGUAGES.find((language) => language.toLowerCase().split('-')[0] === base);
        if (sameBase) {
            return sameBase;
        }
    }
    return DEFAULT_LANGUAGE;
}

/** The language a user chose in their preferences, if the converters passed it on. */
export function userLanguage(user: IUser | undefined): string | undefined {
    const settings = user?.settings as { preferences?: { language?: unknown } } | undefined;
    const language = settings?.preferences?.language;
    return typeof language === 'string' ? language : undefined;
}

/** Fills `{name}` placeholders; a missing translation falls back to English, a missing parameter stays visible. */
export function translate(language: Language, message: Text): string {
    const template = MESSAGES[language][message.key] ?? MESSAGES[DEFAULT_LANGUAGE][message.key];
    const params = message.params ?? {};
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
        if (!Object.prototype.hasOwnProperty.call(params, name)) {
            return placeholder;
        }
        const value = params[name];
        return typeof value === 'object' ? translate(language, value) : String(value);
    });
}

export function translateAll(language: Language, messages: ReadonlyArray<Text>): string {
    return messages.map((message) => translate(language, message)).join('\n');
}
