// Minimal typings for adm-zip (a dependency of @rocket.chat/apps-engine, used here to zip the probe fixture).
declare module 'adm-zip' {
    export default class AdmZip {
        constructor(input?: string | Buffer);
        addFile(entryName: string, content: Buffer): void;
        toBuffer(): Buffer;
    }
}
