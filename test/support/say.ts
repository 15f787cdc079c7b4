import type { Language, MessageKey, Params } from '../../src/i18n/translate';
import { text, translate } from '../../src/i18n/translate';

/**
 * What a person is told for an i18n key and its parameters: tests name the key and the
 * parameters they expect, never the sentence, so a reworded translation changes no test.
 */
export function say(key: MessageKey, params?: Params, language: Language = 'en'): string {
    return translate(language, text(key, params));
}

/** Several texts told at once, one a line (as `tell` sends them). */
export function lines(...told: Array<string>): string {
    return told.join('\n');
}
