// What a bearer token says about its holder. The console decodes it only to show who is signed
// in, until when, and whether they are an admin: the service verifies every call itself.

export const ADMIN_GROUP = 'video-admin';

function base64UrlJson(part) {
  const text = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(decodeURIComponent(Array.from(text, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')));
}

/** The token's claims, or null when it is not a JWT. */
export function claimsOf(token) {
  const parts = (token ?? '').trim().split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    const claims = base64UrlJson(parts[1]);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** Who the claims name, most readable first. */
export function holderOf(claims) {
  return claims.name ?? claims.preferred_username ?? claims.upn ?? claims.email ?? claims.sub ?? 'someone';
}

export function isAdmin(claims) {
  const groups = claims.groups;
  return Array.isArray(groups) ? groups.includes(ADMIN_GROUP) : groups === ADMIN_GROUP;
}

/** When the token expires (a Date), or null when it has no `exp`. */
export function expiryOf(claims) {
  return typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null;
}
