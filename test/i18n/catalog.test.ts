import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { AuditAction, AuditOutcome } from '../../src/audit/AuditRecord';
import { CATALOG } from '../../src/i18n/catalog';
import { resolveLanguage, text, translate } from '../../src/i18n/translate';
import { POLICIES } from '../../src/policy/Policy';
import { RoomKind } from '../../src/policy/RoomKind';
import { SETTINGS } from '../../src/settings/definitions';
import { SettingSection } from '../../src/settings/SettingId';

const root = path.resolve(__dirname, '../..');
const files = fs.readdirSync(path.join(root, 'i18n')).filter((file) => file.endsWith('.json'));
const read = (file: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(root, 'i18n', file), 'utf8'));
const placeholders = (value: string) => (value.match(/\{\w+\}/g) ?? []).sort();

describe('translations', () => {
    it('cover en, pt-BR, es, de and fr', () => {
        expect(files.sort()).toEqual(['de.json', 'en.json', 'es.json', 'fr.json', 'pt-BR.json']);
    });

    it('have identical key sets and the same placeholders in every language', () => {
        const en = read('en.json');
        for (const file of files) {
            const other = read(file);
            expect({ file, keys: Object.keys(other).sort() }).toEqual({ file, keys: Object.keys(en).sort() });
            for (const key of Object.keys(en)) {
                expect({ file, key, placeholders: placeholders(other[key]) }).toEqual({ file, key, placeholders: placeholders(en[key]) });
                expect(other[key].trim()).not.toBe('');
            }
        }
    });

    it('are the ones compiled into the app (src/i18n/catalog.ts is current)', () => {
        expect(() => execFileSync(process.execPath, [path.join(root, 'scripts', 'i18n.js'), '--check'], { stdio: 'pipe' })).not.toThrow();
    });

    it('label every setting, section, select value, room kind and audit entry', () => {
        const en = CATALOG.en as Record<string, string>;
        const needed = [
            ...SETTINGS.flatMap((s) => [s.i18nLabel, s.i18nDescription ?? '', ...(s.values ?? []).map((v) => v.i18nLabel), s.section ?? '']),
            ...Object.values(SettingSection),
            ...POLICIES.map((p) => `policy_${p}`),
            ...Object.values(RoomKind).map((k) => `kind_${k}`),
            ...Object.values(AuditAction).map((a) => `audit_action_${a}`),
            ...Object.values(AuditOutcome).map((o) => `audit_outcome_${o}`),
            'command_description',
            'command_params',
            'button_status',
            'button_enable',
            'button_disable',
        ].filter(Boolean);
        expect(needed.filter((key) => !(key in en))).toEqual([]);
    });
});

describe('translate', () => {
    it('fills placeholders, nested texts included', () => {
        expect(translate('en', text('toggle_unsupported', { kind: text('kind_public_channel') }))).toBe(
            CATALOG.en.toggle_unsupported.replace('{kind}', CATALOG.en.kind_public_channel),
        );
        expect(translate('de', text('status_kind', { kind: text('kind_direct') }))).toBe(
            (CATALOG.de.status_kind as string).replace('{kind}', CATALOG.de.kind_direct),
        );
    });

    it('resolves Rocket.Chat language codes', () => {
        expect(resolveLanguage('pt-BR')).toBe('pt-BR');
        expect(resolveLanguage('pt')).toBe('pt-BR');
        expect(resolveLanguage('pt_BR')).toBe('pt-BR');
        expect(resolveLanguage('de-AT')).toBe('de');
        expect(resolveLanguage('ES')).toBe('es');
        expect(resolveLanguage('ja')).toBe('en');
        expect(resolveLanguage(undefined, 'fr')).toBe('fr');
        expect(resolveLanguage(undefined, undefined)).toBe('en');
    });
});
