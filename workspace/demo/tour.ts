// The guided tour: every feature of the E2EE policy app, happening in the demo organisation, with what each
// person was told and what changed in the workspace. Each step checks its effect; the result lists the checks.
import type { RcRoom, RcUser } from '../Workspace';
import { auditRecords } from './effects';
import type { Organisation } from './organisation';
import type { DemoSession, Outcome } from './session';

export interface TourCheck {
    step: string;
    description: string;
    ok: boolean;
}

export interface TourResult {
    checks: TourCheck[];
    passed: boolean;
}

export async function runTour(session: DemoSession, org: Organisation): Promise<TourResult> {
    const ws = session.ws;
    const checks: TourCheck[] = [];
    let stepTitle = '';
    let stepNumber = 0;
    const { admin, alice, bob, carol, dave, bot } = org;
    const { secret, general, secretDiscussion } = org.rooms;

    const step = (title: string, ...about: string[]) => {
        stepNumber += 1;
        stepTitle = `${stepNumber}. ${title}`;
        session.term.print();
        session.term.print(session.term.bold(`━━ ${stepTitle} ━━`));
        for (const line of about) {
            session.term.print(session.term.dim(`  ${line}`));
        }
    };
    const check = (description: string, ok: boolean) => {
        checks.push({ step: stepTitle, description, ok });
        session.term.print(`  ${ok ? '✓' : '✗'} ${description}`);
    };
    const live = (room: RcRoom) => ws.server.requireRoom(room._id);
    const encrypted = (room: RcRoom) => Boolean(live(room).encrypted);
    const toldSomething = (outcome: Outcome, user: RcUser) => outcome.told.some((n) => n.userId === user._id);
    const auditCount = (action: string) => auditRecords(ws).filter((r) => r.action === action).length;
    const setPolicy = (id: string, value: string) => session.setAppSetting(id, value);

    session.term.print();
    session.term.print(session.term.bold('Guided tour of the E2EE Policy app'));
    session.term.print('Each step shows what is done and as whom, what the person was told, and what changed in the workspace.');

    // 1 -----------------------------------------------------------------------------------------------------
    step('/e2e status', 'Anyone can ask what encryption looks like in a room; the answer is private to them.');
    const status = await session.slash(alice, secret, '/e2e status');
    check('alice was told the status of #secret', toldSomething(status, alice));
    session.term.print('  The same question in every kind of room (the line that matters):');
    for (const room of Object.values(org.rooms)) {
        const before = ws.notificationsFor(alice).length;
        await ws.runSlashCommand(alice, room, '/e2e status');
        await session.quiet();
        const lines = ws.notificationsFor(alice).slice(before).map((n) => n.text.split('\n'));
        const answer = lines[0]?.find((l) => /supported|cannot/i.test(l)) ?? lines[0]?.[1] ?? '(no answer)';
        session.term.print(`    ${session.label(room).padEnd(18)} ${answer}`);
    }

    // 2 -----------------------------------------------------------------------------------------------------
    step(
        'Turn encryption on in a private channel',
        'alice owns #secret. The app checks the policy and her permissions, then calls rooms.saveRoomSettings',
        'as its service account: Rocket.Chat flips room.encrypted and posts the room_e2e_enabled system message.',
    );
    await session.slash(alice, secret, '/e2e enable');
    check('#secret is now encrypted', encrypted(secret));
    check(
        '#secret has a room_e2e_enabled system message',
        ws.messages(secret).some((m) => m.t === 'room_e2e_enabled'),
    );
    await session.click(alice, secret, 'e2e-status');

    // 3 -----------------------------------------------------------------------------------------------------
    step('Toggles the app refuses (nothing is called, nothing changes)');
    session.term.print(session.term.dim('  a) carol is a plain member of #secret (no edit-room / toggle-room-e2e-encryption there); she reads German:'));
    const notAllowed = await session.slash(carol, secret, '/e2e disable');
    check('carol was told why, and #secret stays encrypted', toldSomething(notAllowed, carol) && encrypted(secret));
    session.term.print(session.term.dim('  b) a public channel can never be encrypted in Rocket.Chat:'));
    const publicRefused = await session.slash(alice, general, '/e2e enable');
    check('#general stays unencrypted', toldSomething(publicRefused, alice) && !encrypted(general));
    session.term.print(session.term.dim('  c) the policy for discussions is set to "disabled":'));
    await setPolicy('policy_discussion', 'disabled');
    const policyRefused = await session.slash(alice, secretDiscussion, '/e2e enable');
    check('#secret-budget stays unencrypted under the "disabled" policy', toldSomething(policyRefused, alice) && !encrypted(secretDiscussion));
    await setPolicy('policy_discussion', 'optional');

    // 4 -----------------------------------------------------------------------------------------------------
    step(
        'Plaintext in an encrypted room is refused, on every path',
        'Rocket.Chat itself checks the web client path (chat.sendMessage); the app also guards chat.postMessage,',
        'webhooks and servers that allow unencrypted messages (E2E_Allow_Unencrypted_Messages).',
    );
    const viaSend = await session.send(bob, secret, 'hello team', 'sendMessage');
    check('chat.sendMessage: refused by Rocket.Chat', viaSend.refused?.by === 'rocketchat');
    const viaPost = await session.send(bot, secret, 'deploy finished', 'postMessage');
    check('chat.postMessage (a bot): refused by the app, not stored', viaPost.refused?.by === 'app' && !viaPost.changes.some((c) => c.includes('stored message')));
    await session.setServerSetting('E2E_Allow_Unencrypted_Messages', 'true');
    const allowed = await session.send(bob, secret, 'hello again', 'sendMessage');
    check('chat.sendMessage with E2E_Allow_Unencrypted_Messages on: refused by the app', allowed.refused?.by === 'app');
    await session.setServerSetting('E2E_Allow_Unencrypted_Messages', 'false');
    session.term.print(session.term.dim('  Ciphertext, as a client that encrypts writes it, is accepted:'));
    const accepted = await session.sendEncrypted(bob, secret);
    const encryptedMessage = ws.messages(secret).find((m) => m.t === 'e2e' && m.u._id === bob._id);
    check('bob\'s encrypted message is stored', !accepted.refused && Boolean(encryptedMessage));

    // 5 -----------------------------------------------------------------------------------------------------
    step('Ciphertext in a room that is not encrypted is refused', 'Nobody in #general could read it.');
    const misplaced = await session.sendEncrypted(bob, general);
    check('refused by the app; nothing stored in #general', misplaced.refused?.by === 'app' && !ws.messages(general).some((m) => m.t === 'e2e'));

    // 6 -----------------------------------------------------------------------------------------------------
    step(
        'A ciphertext copy in the searchable text is stripped',
        'Some clients also put the ciphertext in msg, where search indexes it. The app saves the message without that copy;',
        'clients decrypt from content.',
    );
    const stripped = await session.sendEncrypted(bob, secret, { searchableCopy: true });
    const last = ws.messages(secret).filter((m) => m.t === 'e2e').pop();
    check('stored with an empty searchable text and its content intact', !stripped.refused && last?.msg === '' && Boolean(last?.content?.ciphertext));

    // 7 -----------------------------------------------------------------------------------------------------
    step('Edits are guarded too');
    if (encryptedMessage) {
        const before = JSON.stringify(ws.server.model.messageById(encryptedMessage._id));
        const edit = await session.editText(bob, encryptedMessage._id, 'actually, plain text');
        check('an edit to plain text is refused and the message is unchanged', edit.refused?.by === 'app' && JSON.stringify(ws.server.model.messageById(encryptedMessage._id)) === before);
        const reencrypted = await session.editEncrypted(bob, encryptedMessage._id);
        check('an edit with fresh ciphertext is accepted', !reencrypted.refused && Boolean(ws.server.model.messageById(encryptedMessage._id)?.editedAt));
    } else {
        check('an encrypted message to edit exists', false);
    }

    // 8 -----------------------------------------------------------------------------------------------------
    step('Policy "default": new private channels start encrypted', 'The app turns encryption on right after the room is created.');
    await setPolicy('policy_private_channel', 'default');
    const created = await session.create(alice, 'private', { name: 'launch', members: [bob], encrypted: false }, {
        waitFor: () => {
            const room = ws.server.model.roomByName('launch');
            return Boolean(room?.encrypted);
        },
    });
    const launch = created.value as RcRoom | undefined;
    check('#launch was encrypted automatically', Boolean(launch && encrypted(launch)) && auditCount('auto-enable') > 0);

    // 9 -----------------------------------------------------------------------------------------------------
    step(
        'Policy "required": a disable made elsewhere is reverted',
        'alice turns encryption off in Rocket.Chat\'s own room settings, bypassing the app. The app sees the',
        'room_e2e_disabled system message, turns encryption back on and tells her why.',
    );
    await setPolicy('policy_private_channel', 'required');
    let sawDisabled = false;
    const reverted = await session.roomEncrypted(alice, secret, false, {
        waitFor: () => {
            sawDisabled = sawDisabled || ws.messages(secret).some((m) => m.t === 'room_e2e_disabled');
            return sawDisabled && encrypted(secret);
        },
    });
    check('#secret is encrypted again and alice was told why', encrypted(secret) && toldSomething(reverted, alice));
    await setPolicy('policy_private_channel', 'optional');

    // 10 ----------------------------------------------------------------------------------------------------
    step('Someone joins an encrypted room', 'The app tells them privately what that means for them.');
    const joined = await session.join(dave, secret, { waitFor: () => ws.notificationsFor(dave).some((n) => n.roomId === secret._id) });
    check('dave got the join notice', toldSomething(joined, dave));

    // 11 ----------------------------------------------------------------------------------------------------
    step(
        'Resetting a user\'s E2EE key',
        'bob lost his E2EE password. The admin runs /e2e reset-key; the app opens a confirmation dialog first,',
        'and only its submission calls users.resetE2EKey as the service account.',
    );
    const request = await session.slash(admin, general, '/e2e reset-key @bob');
    const modal = request.openedModals[0];
    check('a confirmation dialog opened for the admin, nothing reset yet', Boolean(modal) && Boolean(ws.user(bob._id)?.e2e));
    if (modal) {
        await session.submitModal(admin, modal.id, general);
        const b = ws.server.requireUser(bob._id);
        check(
            'bob\'s keys are gone from the server and all his tokens are wiped',
            !b.e2e &&
                (b.services?.resume?.loginTokens ?? []).length === 0 &&
                ws.server.model.subscriptionsByUser(bob._id).every((s) => !s.E2EKey),
        );
    }

    // 12 ----------------------------------------------------------------------------------------------------
    step(
        '/e2e report: where the workspace stands',
        'Private channels become "required". That changes no existing room by itself: the 8 archive channels below',
        'were there before the app (filled straight into the database), and most of them are not encrypted.',
        'The report lists every room through the room reader (getAllRooms, page by page) and sends the rooms out of',
        'policy as a CSV file into the admin\'s direct message with the app.',
    );
    ws.seedRoomKinds({ prefix: 'archive', users: 4, rooms: { private: { count: 8, encrypted: 1 } } });
    await setPolicy('policy_private_channel', 'required');
    const privateChannels = () => [...ws.server.model.rooms.values()].filter((r) => r.t === 'p' && !r.prid && !r.teamMain);
    const outOfLine = () => privateChannels().filter((r) => !r.encrypted);
    const before = outOfLine().length;
    const report = await session.slash(admin, general, '/e2e report');
    check('the admin was told the numbers per kind of room', toldSomething(report, admin) && auditCount('report') > 0);
    const appUser = ws.appUser();
    const delivery = appUser ? ws.server.model.directRoomByUsernames([appUser.username, admin.username]) : undefined;
    const file = delivery ? ws.uploads(delivery).slice(-1)[0] : undefined;
    const csv = file ? ws.uploadContent(file._id).toString('utf8').trimEnd().split('\r\n') : [];
    check(`${file?.name ?? 'the CSV'} lists the ${before} private channels out of policy, in the admin's direct message with the app`, csv.length === before + 1);
    for (const line of csv.slice(0, 4)) {
        session.term.print(session.term.dim(`    ${line}`));
    }

    // 13 ----------------------------------------------------------------------------------------------------
    step(
        '/e2e enforce private-channel: bring the existing rooms in line',
        'A confirmation dialog says how many rooms change, at what rate (enforcement_rate), about how long it takes',
        'and what members will see. Submitting it starts a background job on the apps scheduler: short slices that',
        'keep their place in the app\'s persistence and switch each room through rooms.saveRoomSettings.',
    );
    await setPolicy('enforcement_rate', '10');
    const targets = outOfLine();
    const enforce = await session.slash(admin, general, '/e2e enforce private-channel');
    const dialog = enforce.openedModals[0];
    check('a confirmation dialog opened, nothing switched yet', Boolean(dialog) && outOfLine().length === before);
    if (dialog) {
        await session.perform(admin, `admin submits the dialog ${dialog.id}; the job runs in the background`, () => ws.submitModal(admin, dialog.id, {}, general), {
            waitFor: () => outOfLine().length === 0 && ws.jobs().every((j) => j.type !== 'normal' || j.processorId !== 'e2ee-enforcement'),
        });
        check('every private channel is encrypted now', outOfLine().length === 0);
        check(
            'each one was switched once, by the service account',
            targets.every((r) => ws.messages(r).filter((m) => m.t === 'room_e2e_enabled' && m.u._id === org.service._id).length === 1),
        );
        const status = await session.slash(admin, general, '/e2e enforce status');
        check('/e2e enforce status shows how the run ended', toldSomething(status, admin) && auditCount('enforce-end') > 0);
    }
    await setPolicy('policy_private_channel', 'optional');

    // 14 ----------------------------------------------------------------------------------------------------
    step('/e2e audit', 'Every decision above left an audit record (identifiers and reasons only, never content).');
    const audit = await session.slash(admin, general, '/e2e audit');
    check('the admin was shown the audit trail', toldSomething(audit, admin));

    const failed = checks.filter((c) => !c.ok);
    session.term.print();
    session.term.print(session.term.bold(`Tour finished: ${checks.length - failed.length} of ${checks.length} checks passed.`));
    for (const c of failed) {
        session.term.print(`  ✗ ${c.step}: ${c.description}`);
    }
    return { checks, passed: failed.length === 0 };
}
