/** The Rocket.Chat REST endpoints the service account calls, in one place. */
export enum Endpoint {
    /** POST `{ rid, encrypted }`: saveRoomSettings with Rocket.Chat's own checks for the caller. */
    SaveRoomSettings = '/api/v1/rooms.saveRoomSettings',
    /** GET: the live role-permission table (`update: [{ _id, roles }]`). */
    ListPermissions = '/api/v1/permissions.listAll',
    /** GET: who the token belongs to. */
    Me = '/api/v1/me',
    /** POST `{ userId }`: reset another user's E2EE key. An empty body resets the caller. */
    ResetE2EKey = '/api/v1/users.resetE2EKey',
    /** GET `?teamId=`: a team's type (0 public, 1 private) and main room, for whoever can see it or holds view-all-teams. */
    TeamInfo = '/api/v1/teams.info',
}
