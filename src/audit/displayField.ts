/**
 * A value from the workspace (a room's display name, a username) as one field of an `/e2e audit` line. Fields are
 * separated by ` · ` and the line is rendered as Rocket.Chat markdown, and a room's display name is free text: a
 * room named `x · reset-key · done · by @ceo` must not read as fields of its own. A value made only of the
 * characters Rocket.Chat's default room and user name rules allow (plus the `#`/`@` prefix and, for a direct
 * message's members, `, `) is shown as it is; anything else is shown as a JSON string whose quotes and backslashes
 * are escaped, so it cannot end early, with the separator, markdown characters, control, format (bidirectional
 * overrides included) and line-separator characters written as `\uXXXX`.
 */
const PLAIN = /^[#@]?[A-Za-z0-9._-]+(?:, @[A-Za-z0-9._-]+)*$/;
const UNSAFE = /[\u00b7*_~`|<>[\]\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `\uXXXX` for each UTF-16 unit of `char` (a surrogate pair for a character beyond U+FFFF), as JSON writes it. */
function unicodeEscape(char: string): string {
    let escaped = '';
    for (let i = 0; i < char.length; i++) {
        escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    }
    return escaped;
}

export function displayField(value: string): string {
    return PLAIN.test(value) ? value : JSON.stringify(value).replace(UNSAFE, unicodeEscape);
}
