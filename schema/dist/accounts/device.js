import Bowser from 'bowser';
// "Chrome 120 · Windows 10 · desktop" from a User-Agent header (bowser, a maintained parser).
export function describeDevice(userAgent) {
    if (!userAgent)
        return null;
    try {
        const parsed = Bowser.parse(userAgent);
        const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ');
        const os = [parsed.os.name, parsed.os.versionName ?? ''].filter(Boolean).join(' ');
        const parts = [browser, os, parsed.platform.type].filter((p) => p && p.trim());
        return parts.length ? parts.join(' · ') : userAgent.slice(0, 80);
    }
    catch {
        return userAgent.slice(0, 80);
    }
}
//# sourceMappingURL=device.js.map