/**
 * The shopper's login session with a proxy, shared by every element of the page (`ck-login`,
 * `ck-insurance-form require-login`, the presale journey). The session itself lives on the
 * server behind an httpOnly cookie; the page only learns who is logged in and the session's
 * CSRF token, which core/api.ts then sends on every state-changing request.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LoginRequest, MeResponse, SignupRequest } from '../../contract/api';
import { apiRequest, setCsrfToken } from './api';

export type { MeResponse };
export type SessionUser = NonNullable<MeResponse['user']>;

export class SessionChangeEvent extends Event {
  static readonly type = 'change';
  constructor() {
    super(SessionChangeEvent.type);
  }
}

export class Session extends EventTarget {
  #me: MeResponse | undefined;
  #pending: Promise<MeResponse> | undefined;
  #failed = false;

  constructor(readonly endpoint: string) {
    super();
  }

  /** Undefined until the first answer from /api/auth/me. */
  get me(): MeResponse | undefined {
    return this.#me;
  }

  /** The last /api/auth/me failed (offline, proxy down): elements show the form rather than wait. */
  get failed(): boolean {
    return this.#failed;
  }

  get user(): SessionUser | undefined {
    return this.#me?.authenticated ? this.#me.user : undefined;
  }

  /** Asks the proxy who is logged in (once; `force` asks again). */
  refresh(force = false): Promise<MeResponse> {
    if (!this.#pending || force) {
      const pending = apiRequest<MeResponse>(this.endpoint, '/api/auth/me').then((me) => this.#set(me));
      this.#pending = pending;
      pending.catch(() => {
        if (this.#pending !== pending) return;
        this.#pending = undefined;
        this.#failed = true;
        this.dispatchEvent(new SessionChangeEvent());
      });
    }
    return this.#pending;
  }

  async login(credentials: LoginRequest): Promise<MeResponse> {
    const me = await apiRequest<MeResponse>(this.endpoint, '/api/auth/login', { body: credentials });
    this.#pending = Promise.resolve(me);
    return this.#set(me);
  }

  /** Creates a shopper account and logs it in (the proxy answers like a login). */
  async signup(request: SignupRequest): Promise<MeResponse> {
    const me = await apiRequest<MeResponse>(this.endpoint, '/api/auth/signup', { body: request });
    this.#pending = Promise.resolve(me);
    return this.#set(me);
  }

  async logout(): Promise<void> {
    await apiRequest<void>(this.endpoint, '/api/auth/logout', { method: 'POST' });
    const me: MeResponse = { authenticated: false };
    this.#pending = Promise.resolve(me);
    this.#set(me);
  }

  #set(me: MeResponse): MeResponse {
    this.#me = me;
    this.#failed = false;
    setCsrfToken(this.endpoint, me.csrfToken);
    this.dispatchEvent(new SessionChangeEvent());
    return me;
  }
}

const sessions = new Map<string, Session>();

/** The one session object per proxy endpoint on this page. */
export function sessionFor(endpoint: string): Session {
  const key = endpoint.replace(/\/+$/, '');
  let session = sessions.get(key);
  if (!session) {
    session = new Session(key);
    sessions.set(key, session);
  }
  return session;
}

/** Forgets every session object (tests and stories). */
export function resetSessions(): void {
  sessions.clear();
}

/** Re-renders its host when the session of `endpoint()` changes, and loads it on connect. */
export class SessionController implements ReactiveController {
  #session: Session | undefined;
  readonly #onChange = () => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly endpoint: () => string,
  ) {
    host.addController(this);
  }

  get session(): Session {
    const wanted = sessionFor(this.endpoint());
    if (wanted !== this.#session) {
      this.#session?.removeEventListener(SessionChangeEvent.type, this.#onChange);
      this.#session = wanted;
      wanted.addEventListener(SessionChangeEvent.type, this.#onChange);
    }
    return wanted;
  }

  hostConnected(): void {
    void this.session.refresh().catch(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#session?.removeEventListener(SessionChangeEvent.type, this.#onChange);
    this.#session = undefined;
  }
}
