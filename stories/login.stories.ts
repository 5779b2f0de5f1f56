import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/login/define';
import { withMockApi } from './support/mock-api';
import { loggedIn, tooManyAttempts, unavailable } from './support/recorded';

type Args = { headingLevel: number };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-login')!.shadowRoot!;

async function submit(canvas: HTMLElement, username: string, password: string) {
  const form = await waitFor(() => {
    const f = root(canvas).querySelector('form');
    expect(f).toBeTruthy();
    return f!;
  });
  await userEvent.type(form.querySelector<HTMLInputElement>('#username')!, username);
  await userEvent.type(form.querySelector<HTMLInputElement>('#password')!, password);
  await userEvent.click(form.querySelector<HTMLButtonElement>('[part="submit"]')!);
}

const meta: Meta<Args> = {
  title: 'Elements/Login',
  component: 'ck-login',
  decorators: [withMockApi],
  args: { headingLevel: 2 },
  render: (args) => html`<ck-login heading-level=${args.headingLevel}>
    <p slot="hint">Demo user: kenso / 12345678</p>
  </ck-login>`,
  parameters: { api: { delay: 0 } },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {};

/** Until the proxy says who is logged in. */
export const Loading: Story = { parameters: { api: { routes: { 'GET /api/auth/me': { delay: Infinity } } } } };

export const LoggedIn: Story = { parameters: { api: { routes: { 'GET /api/auth/me': { body: loggedIn } } } } };

/** A wrong password: a clear error, tied to the password field, which gets focus back. */
export const WrongPassword: Story = {
  play: async ({ canvasElement }) => {
    await submit(canvasElement, 'kenso', 'wrong-password');
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')?.textContent).toContain('incorrect'));
    await waitFor(() => expect(root(canvasElement).activeElement?.id).toBe('password'));
  },
};

/** The right password after a wrong one. */
export const RightPassword: Story = {
  play: async ({ canvasElement }) => {
    await submit(canvasElement, 'kenso', '12345678');
    await waitFor(() => expect(root(canvasElement).querySelector('[part="user"]')?.textContent).toContain('Kenso Lee'));
  },
};

/** After 5 failed tries in 15 minutes: how long to wait, and the button is off until then. */
export const RateLimited: Story = {
  parameters: { api: { routes: { 'POST /api/auth/login': tooManyAttempts } } },
  play: async ({ canvasElement }) => {
    await submit(canvasElement, 'kenso', 'guess-again');
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')?.textContent).toContain('Try again in 10 minutes'));
  },
};

/** The proxy cannot be reached. */
export const Error: Story = {
  parameters: { api: { routes: { 'GET /api/auth/me': unavailable, 'POST /api/auth/login': unavailable } } },
  play: async ({ canvasElement }) => {
    await submit(canvasElement, 'kenso', '12345678');
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')).toBeTruthy());
  },
};

export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };

export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };
