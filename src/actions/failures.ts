import type { ApiFailure } from '../api/responses';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';

/** What to tell a person about a failed workspace call. Only codes and status numbers, never response text. */
export function failureText(failure: ApiFailure): Text {
    switch (failure.kind) {
        case 'unauthorized':
            return text('failure_unauthorized');
        case 'forbidden':
            return text('failure_forbidden');
        case 'two-factor':
            return text('failure_two_factor');
        case 'rate-limited':
            return text('failure_rate_limited');
        case 'refused':
            return failure.errorType ? text('failure_refused_code', { code: failure.errorType }) : text('failure_refused');
        case 'server-error':
            return text('failure_server_error', { status: failure.status ?? 500 });
        case 'timeout':
            return text('failure_timeout');
        case 'unreachable':
            return text('failure_unreachable');
        case 'malformed':
            return text('failure_malformed');
    }
}

/**
 * Whether the workspace may have made the change although the call failed: the request may have
 * been processed before the answer was lost (no answer in time, a dropped connection, a server or
 * proxy error, an answer the app cannot read). A refusal (4xx) or a call never made is certain.
 */
export function outcomeUnknown(failure: ApiFailure): boolean {
    return failure.kind === 'timeout' || failure.kind === 'unreachable' || failure.kind === 'server-error' || failure.kind === 'malformed';
}
