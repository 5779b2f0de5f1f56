import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { addEnglish, LocalizeController } from '../core/localize';
import loginEn from './en';
import { SessionController } from '../core/session';
import { describeApiError } from '../core/error-message';
import styles from './login.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(loginEn);

type Field = 'username' | 'password';

/**
 * @summary Logs the shopper in to the shop (username and password) and shows who is logged in, with a log-out button.
 *
 * The session lives on the proxy behind an httpOnly cookie; every `ck-*` element of the page
 * sees the same login. A wrong password returns focus to the password field with the error
 * tied to it; after 5 failed tries in 15 minutes the proxy refuses further tries for a while
 * and the element says for how long.
 *
 * @tag ck-login
 *
 * @slot heading - Replaces the default "Log in" heading.
 * @slot hint - Below the heading, e.g. demo credentials or a sign-up link.
 *
 * @event {CustomEvent<CkLoginSuccessDetail>} ck-login-success - The shopper logged in. `detail`: `{ user: { username, name, email } }`.
 * @event {CustomEvent<CkLoginErrorDetail>} ck-login-error - A login failed (wrong credentials, rate-limited, network). `detail`: `{ code, message, status, retryAfter }`.
 * @event {CustomEvent<CkLogoutDetail>} ck-logout - The shopper logged out. `detail`: `{ username }`.
 *
 * @csspart base - The container.
 * @csspart title - The heading.
 * @csspart form - The login form.
 * @csspart username - The username input.
 * @csspart password - The password input.
 * @csspart field-error - A field's error message.
 * @csspart alert - The error message of a failed login.
 * @csspart submit - The log-in button.
 * @csspart user - The "Logged in as …" line with its log-out button.
 * @csspart logout - The log-out button.
 *
 * Read-only host attribute `logged-in`: present while a shopper is logged in (style the page with
 * `ck-login[logged-in]`; setting it changes nothing).
 *
 * @cssproperty --ck-login-background - Background of the container.
 * @cssproperty --ck-login-max-width - Maximum width of the container (default 26rem).
 */
export class CkLogin extends CkElement {
  static override styles = styles;

  /** Heading level of the title (2–6). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** What the shopper logs in with: `username` (staff, the demo user) or `email` (a shopper account). */
  @property() identifier: 'username' | 'email' = 'username';

  /** Username to start with (e.g. the last one used). */
  @property() username = '';

  @state() private busy = false;
  @state() private alert = '';
  @state() private fieldErrors: Partial<Record<Field, string>> = {};
  @state() private showPassword = false;
  @state() private announcement = '';
  /** Epoch ms until which the proxy refuses tries (after a 429). */
  @state() private blockedUntil = 0;

  @query('#password') private passwordInput?: HTMLInputElement;
  @query('#username') private usernameInput?: HTMLInputElement;

  private readonly localize = new LocalizeController<keyof typeof loginEn>(this);
  private readonly kit = new KitController(this);
  private readonly auth = new SessionController(this, () => this.kit.endpoint);
  private unblockTimer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.unblockTimer);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A state the page can style: e.g. hide a side login box until it has someone to show.
    this.toggleAttribute('logged-in', !!this.auth.session.user);
    if (changed.has('username') && this.usernameInput && !this.usernameInput.value) this.usernameInput.value = this.username;
  }

  override render() {
    const t = this.localize;
    const session = this.auth.session;
    const level = Math.min(6, Math.max(2, this.headingLevel));
    const user = session.user;
    return html`
      <section part="base" aria-labelledby="title" dir=${t.dir}>
        <div part="title" id="title" role="heading" aria-level=${level}>
          <slot name="heading">${user ? t.term('account') : t.term('loginTitle')}</slot>
        </div>
        ${user
          ? html`<p part="user">
              <span>${t.term('loggedInAs', user.name)}</span>
              <button type="button" part="logout" class="button" ?disabled=${this.busy} @click=${this.logout}>
                ${t.term('logOut')}
              </button>
            </p>`
          : session.me === undefined && !session.failed && !this.alert
            ? html`<p aria-busy="true">${t.term('loading')}</p>`
            : this.renderForm()}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  private renderForm() {
    const t = this.localize;
    const blocked = this.blockedUntil > Date.now();
    const field = (name: Field, label: string, input: unknown) => html`
      <div class="field">
        <label for=${name}>${label}</label>
        ${input}
        ${this.fieldErrors[name]
          ? html`<p part="field-error" class="error" id=${`${name}-error`}>${this.fieldErrors[name]}</p>`
          : nothing}
      </div>
    `;
    return html`
      <slot name="hint"></slot>
      <form part="form" novalidate @submit=${this.submit}>
        ${this.alert ? html`<div part="alert" role="alert" id="alert">${this.alert}</div>` : nothing}
        ${field(
          'username',
          this.identifier === 'email' ? t.term('email') : t.term('username'),
          html`<input
            id="username"
            part="username"
            name="username"
            type=${this.identifier === 'email' ? 'email' : 'text'}
            autocomplete=${this.identifier === 'email' ? 'email' : 'username'}
            autocapitalize="none"
            spellcheck="false"
            required
            maxlength="254"
            .value=${this.username}
            aria-invalid=${this.fieldErrors.username ? 'true' : 'false'}
            aria-describedby=${this.fieldErrors.username ? 'username-error' : nothing}
          />`,
        )}
        ${field(
          'password',
          t.term('password'),
          html`<input
            id="password"
            part="password"
            name="password"
            type=${this.showPassword ? 'text' : 'password'}
            autocomplete="current-password"
            required
            maxlength="256"
            aria-invalid=${this.fieldErrors.password ? 'true' : 'false'}
            aria-describedby=${this.fieldErrors.password ? 'password-error' : nothing}
          />`,
        )}
        <label class="show">
          <input type="checkbox" .checked=${this.showPassword} @change=${(e: Event) => (this.showPassword = (e.target as HTMLInputElement).checked)} />
          ${t.term('showPassword')}
        </label>
        <button part="submit" class="button primary" type="submit" ?disabled=${this.busy || blocked} aria-describedby=${blocked ? 'alert' : nothing}>
          ${this.busy ? t.term('loggingIn') : t.term('logIn')}
        </button>
      </form>
    `;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.busy) return;
    const t = this.localize;
    const username = this.usernameInput?.value.trim() ?? '';
    const password = this.passwordInput?.value ?? '';
    const errors: Partial<Record<Field, string>> = {};
    if (!username) errors.username = t.term('fieldRequired');
    if (!password) errors.password = t.term('fieldRequired');
    this.fieldErrors = errors;
    this.alert = '';
    if (errors.username || errors.password) {
      await this.updateComplete;
      (errors.username ? this.usernameInput : this.passwordInput)?.focus();
      return;
    }

    this.busy = true;
    try {
      const me = await this.auth.session.login({ username, password });
      this.busy = false;
      this.fieldErrors = {};
      if (this.passwordInput) this.passwordInput.value = '';
      const user = me.user!;
      this.announcement = t.term('loginSucceeded', user.name);
      this.emit('ck-login-success', { user });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="logout"]')?.focus();
    } catch (error) {
      this.busy = false;
      this.failed(error);
      await this.updateComplete;
      const password = this.passwordInput;
      if (password) {
        password.focus();
        password.select();
      }
    }
  }

  private failed(error: unknown) {
    const t = this.localize;
    const api = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
    let message: string;
    if (api.status === 401 && api.code === 'invalid_credentials') {
      message = t.term('loginInvalid');
      this.fieldErrors = { password: message };
    } else if (api.status === 429) {
      const seconds = api.retryAfter ?? 60;
      message = t.term('loginRateLimited', Math.max(1, Math.ceil(seconds / 60)));
      this.blockedUntil = Date.now() + seconds * 1000;
      clearTimeout(this.unblockTimer);
      this.unblockTimer = setTimeout(() => {
        this.blockedUntil = 0;
        this.alert = '';
      }, seconds * 1000);
    } else {
      message = describeApiError(t, api);
    }
    this.alert = message;
    this.emit('ck-login-error', {
      code: api.code,
      message,
      ...(api.status ? { status: api.status } : {}),
      ...(api.retryAfter !== undefined ? { retryAfter: api.retryAfter } : {}),
    });
  }

  private async logout() {
    const session = this.auth.session;
    const username = session.user?.username ?? '';
    this.busy = true;
    try {
      await session.logout();
      this.alert = '';
      this.announcement = this.localize.term('loggedOut');
      this.emit('ck-logout', { username });
      await this.updateComplete;
      this.usernameInput?.focus();
    } catch (error) {
      this.alert = describeApiError(this.localize, error instanceof ApiError ? error : new ApiError(0, 'network_error', ''));
    } finally {
      this.busy = false;
    }
  }
}
