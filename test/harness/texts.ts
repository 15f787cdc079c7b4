// What the app says, from the source its catalog is generated from (i18n/*.json): tests compare what people
// are told with these texts, never with sentences of their own.
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import es from '../../i18n/es.json';
import fr from '../../i18n/fr.json';
import ptBR from '../../i18n/pt-BR.json';

export type Key = keyof typeof en;
export type Lang = 'en' | 'de' | 'es' | 'fr' | 'pt-BR';

const CATALOGS: Record<Lang, Record<string, string>> = { en, de, es, fr, 'pt-BR': ptBR };

/** The text the catalog has for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function say(key: Key, params: Record<string, string | number> = {}, lang: Lang = 'en'): string {
    const template = CATALOGS[lang][key] ?? en[key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const patterns = new Map<Key, RegExp>();

/** Whether `line` is the English text of `key` with any values in its placeholders. */
export function isText(key: Key, line: string): boolean {
    let pattern = patterns.get(key);
    if (!pattern) {
        const source = en[key]
            .split(/\{\w+\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[\\s\\S]+?');
        pattern = new RegExp(`^${source}$`);
        patterns.set(key, pattern);
    }
    return pattern.test(line);
}
