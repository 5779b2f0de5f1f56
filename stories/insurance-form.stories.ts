import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/insurance-form/define';
import { INSURANCE_STORAGE_KEY } from '../components/insurance-form/insurance-form';
import { withMockApi } from './support/mock-api';
import { insuranceDraft, insuranceQuote, loggedIn, unavailable } from './support/recorded';

type Args = { requireLogin: boolean; headingLevel: number };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-insurance-form')!.shadowRoot!;
const onStep = (canvas: HTMLElement, step: string) =>
  waitFor(() => {
    const el = root(canvas).querySelector<HTMLElement>(`[part="step"][data-step="${step}"]`);
    expect(el).toBeTruthy();
    return el!;
  });

/** The application as the form stored it before a reload: `parameters.insuranceDraft`, or none. */
function restoreDraft(draft: unknown) {
  try {
    sessionStorage.removeItem(INSURANCE_STORAGE_KEY);
    if (draft) sessionStorage.setItem(INSURANCE_STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage can be unavailable in sandboxed frames; the story then starts empty.
  }
}

const meta: Meta<Args> = {
  title: 'Elements/Insurance form',
  component: 'ck-insurance-form',
  decorators: [withMockApi],
  args: { requireLogin: false, headingLevel: 2 },
  render: (args, { parameters }) => {
    restoreDraft(parameters.insuranceDraft);
    return html`<ck-insurance-form ?require-login=${args.requireLogin} heading-level=${args.headingLevel}></ck-insurance-form>`;
  },
  parameters: { api: { delay: 0 } },
};

export default meta;
type Story = StoryObj<Args>;

/** Step 1: plans from the catalog. */
export const Default: Story = {};

export const Loading: Story = { parameters: { api: { routes: { 'GET /api/catalog': { delay: Infinity } } } } };

export const Error: Story = {
  parameters: { api: { routes: { 'GET /api/catalog': unavailable } } },
};

/** Step 2: personal details (restored from sessionStorage, as after a reload). */
export const Details: Story = { parameters: { insuranceDraft: insuranceDraft('details') } };

/** Step 2 with every error pointing at its field. */
export const DetailsErrors: Story = {
  parameters: {
    insuranceDraft: insuranceDraft('details', { applicant: { name: '', dateOfBirth: '2015-01-01', email: 'kenso@', phone: '', country: 'HK' } }),
  },
  play: async ({ canvasElement }) => {
    const step = await onStep(canvasElement, 'details');
    await userEvent.click(step.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await waitFor(() => expect(root(canvasElement).querySelectorAll('[part="field-error"]').length).toBeGreaterThan(2));
  },
};

/** Step 3: optional cover and how to pay. */
export const Coverage: Story = { parameters: { insuranceDraft: insuranceDraft('coverage') } };

/** Step 3 → the proxy prices the application into a quote. */
export const GetQuote: Story = {
  parameters: { insuranceDraft: insuranceDraft('coverage') },
  play: async ({ canvasElement }) => {
    const step = await onStep(canvasElement, 'coverage');
    await userEvent.click(step.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await onStep(canvasElement, 'quote');
  },
};

/** Step 4: the quote, its expiry, and the Flow / hosted page toggle. */
export const QuoteShown: Story = { parameters: { insuranceDraft: insuranceDraft('quote') } };

/** The shopper chose the Hosted Payments Page. */
export const PayWithHostedPage: Story = { parameters: { insuranceDraft: insuranceDraft('quote', { payMode: 'hpp' }) } };

export const QuoteExpired: Story = {
  parameters: { insuranceDraft: insuranceDraft('quote', { quote: insuranceQuote({ expiresAt: '2020-01-01T00:00:00.000Z', status: 'expired' }) }) },
};

/** `require-login`: ck-login first. */
export const RequireLogin: Story = { args: { requireLogin: true } };

/** `require-login` with a session: the application, with the user's name and email filled in. */
export const RequireLoginLoggedIn: Story = {
  args: { requireLogin: true },
  parameters: { api: { routes: { 'GET /api/auth/me': { body: loggedIn } } }, insuranceDraft: insuranceDraft('details', { applicant: { name: '', dateOfBirth: '', email: '', phone: '', country: 'HK' } }) },
  play: async ({ canvasElement }) => {
    const step = await onStep(canvasElement, 'details');
    await waitFor(() => expect(step.querySelector<HTMLInputElement>('#name')?.value).toBe('Kenso Lee'));
  },
};

export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' }, insuranceDraft: insuranceDraft('quote') } };

export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' }, insuranceDraft: insuranceDraft('quote') } };
