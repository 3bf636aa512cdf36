/**
 * OAuth 2.0 as the local org answers it: password, refresh_token and JWT bearer grants for the one
 * configured user and connected app, userinfo and the identity URL. Tokens live in the store's meta.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { importSPKI, importX509, jwtVerify } from 'jose';
import type { Org } from './org.ts';
import { randomBase62 } from './ids.ts';

export interface AuthConfig {
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  /** PEM certificate or SPKI public key of the connected app, for the JWT bearer grant. */
  jwtKey?: string;
}

export class OAuthError extends Error {
  readonly error: string;
  readonly status: number;
  constructor(error: string, description: string, status = 400) {
    super(description);
    this.error = error;
    this.status = status;
  }
}

const authFailure = () => new OAuthError('invalid_grant', 'authentication failure');

export class Auth {
  private readonly org: Org;
  config: AuthConfig;

  constructor(org: Org, config: AuthConfig) {
    this.org = org;
    this.config = config;
  }

  /** A new access token in Salesforce's shape (`00D…!…`), remembered across restarts. */
  issueAccessToken(): string {
    const token = `${this.org.orgId.slice(0, 15)}!AQ${randomBase62(94)}`;
    this.org.store.setMeta(`session:${token}`, this.org.userId, true);
    return token;
  }

  /** The refresh token the connected app holds for the user (persisted per org). */
  refreshToken(): string {
    let token = this.org.store.getMeta('refreshToken');
    if (!token) {
      token = `5Aep${randomBase62(83)}`;
      this.org.store.setMeta('refreshToken', token, true);
    }
    return token;
  }

  /** The org's long-lived default session (what `--json` prints). */
  defaultAccessToken(): string {
    let token = this.org.store.getMeta('defaultSession');
    if (!token || !this.isValid(token)) {
      token = this.issueAccessToken();
      this.org.store.setMeta('defaultSession', token, true);
    }
    return token;
  }

  isValid(token: string | undefined): boolean {
    return token !== undefined && this.org.store.getMeta(`session:${token}`) !== undefined;
  }

  revoke(token: string): void {
    this.org.store.deleteMeta(`session:${token}`);
  }

  async token(
    form: URLSearchParams,
    urls: { instanceUrl: string; loginUrl: string },
  ): Promise<Record<string, unknown>> {
    const grant = form.get('grant_type');
    if (grant === 'password') {
      this.checkClient(form);
      if (form.get('username') !== this.config.username || form.get('password') !== this.config.password)
        throw authFailure();
    } else if (grant === 'refresh_token') {
      this.checkClient(form, false);
      if (form.get('refresh_token') !== this.refreshToken())
        throw new OAuthError('invalid_grant', 'expired access/refresh token');
    } else if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      await this.checkJwt(form.get('assertion') ?? '', urls.loginUrl);
    } else {
      throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    }
    const accessToken = this.issueAccessToken();
    const issuedAt = String(Date.now());
    const id = `${urls.loginUrl}/id/${this.org.orgId}/${this.org.userId}`;
    return {
      access_token: accessToken,
      instance_url: urls.instanceUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
      signature: createHmac('sha256', this.config.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: 'api refresh_token web full',
    };
  }

  private checkClient(form: URLSearchParams, secretRequired = true): void {
    if (form.get('client_id') !== this.config.clientId)
      throw new OAuthError('invalid_client_id', 'client identifier invalid');
    const secret = form.get('client_secret');
    if ((secretRequired || secret !== null) && secret !== this.config.clientSecret)
      throw new OAuthError('invalid_client', 'invalid client credentials');
  }

  private async checkJwt(assertion: string, loginUrl: string): Promise<void> {
    if (!this.config.jwtKey)
      throw new OAuthError('invalid_grant', 'invalid assertion: no certificate is configured for the connected app');
    const pem = this.config.jwtKey;
    const key = pem.includes('BEGIN CERTIFICATE') ? await importX509(pem, 'RS256') : await importSPKI(pem, 'RS256');
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, key, {
        issuer: this.config.clientId,
        audience: [loginUrl, 'https://login.salesforce.com', 'https://test.salesforce.com'],
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new OAuthError('invalid_grant', `invalid assertion: ${(error as Error).message}`);
    }
    if (payload.sub !== this.config.username)
      throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
  }

  identity(loginUrl: string, instanceUrl: string, version: string): Record<string, unknown> {
    const user = this.org.store.get(this.org.userId)!.v;
    const orgId = this.org.orgId;
    const rest = (p: string) => `${instanceUrl}/services/data/v${version}/${p}`.replace(/\/$/, '/');
    return {
      id: `${loginUrl}/id/${orgId}/${this.org.userId}`,
      asserted_user: true,
      user_id: this.org.userId,
      organization_id: orgId,
      username: user.Username,
      nick_name: user.CommunityNickname,
      display_name: user.Name,
      email: user.Email,
      email_verified: true,
      first_name: user.FirstName,
      last_name: user.LastName,
      timezone: user.TimeZoneSidKey,
      photos: { picture: null, thumbnail: null },
      addr_street: null,
      addr_city: null,
      addr_state: null,
      addr_country: null,
      addr_zip: null,
      mobile_phone: null,
      mobile_phone_verified: false,
      is_lightning_login_user: false,
      status: { created_date: null, body: null },
      urls: {
        enterprise: `${instanceUrl}/services/Soap/c/${version}/${orgId}`,
        metadata: `${instanceUrl}/services/Soap/m/${version}/${orgId}`,
        partner: `${instanceUrl}/services/Soap/u/${version}/${orgId}`,
        rest: rest(''),
        sobjects: rest('sobjects/'),
        search: rest('search/'),
        query: rest('query/'),
        recent: rest('recent/'),
        tooling_soap: `${instanceUrl}/services/Soap/T/${version}/${orgId}`,
        tooling_rest: rest('tooling/'),
        profile: `${instanceUrl}/${this.org.userId}`,
        feeds: rest('chatter/feeds'),
        groups: rest('chatter/groups'),
        users: rest('chatter/users'),
        feed_items: rest('chatter/feed-items'),
        feed_elements: rest('chatter/feed-elements'),
        custom_domain: instanceUrl,
      },
      active: true,
      user_type: 'STANDARD',
      language: user.LanguageLocaleKey,
      locale: user.LocaleSidKey,
      utcOffset: 0,
      last_modified_date: user.LastModifiedDate,
      is_app_installed: true,
    };
  }

  userinfo(loginUrl: string, instanceUrl: string, version: string): Record<string, unknown> {
    const id = this.identity(loginUrl, instanceUrl, version);
    return {
      sub: id.id,
      user_id: id.user_id,
      organization_id: id.organization_id,
      preferred_username: id.username,
      nickname: id.nick_name,
      name: id.display_name,
      email: id.email,
      email_verified: true,
      given_name: id.first_name,
      family_name: id.last_name,
      zoneinfo: id.timezone,
      photos: id.photos,
      profile: (id.urls as Record<string, string>).profile,
      picture: null,
      address: {},
      is_salesforce_integration_user: false,
      urls: id.urls,
      active: true,
      user_type: 'STANDARD',
      language: id.language,
      locale: id.locale,
      utcOffset: 0,
      updated_at: id.last_modified_date,
      is_app_installed: true,
    };
  }
}

export const randomSecret = () => randomBytes(24).toString('hex').toUpperCase();
