/** The preview server's UI API proxy: the server adds the org's token, the browser never holds it. */
export const API_ROOT = '/preview/api';

export async function requestJson(path, init) {
    const response = await fetch(`${API_ROOT}${path}`, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
    const text = await response.text();
    let body;
    try {
        body = text ? JSON.parse(text) : undefined;
    } catch {
        body = { message: text };
    }
    return { ok: response.ok, status: response.status, body };
}
