import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import manifest from '../custom-elements.json';
import { isRtl, loadLocale, SUPPORTED_LOCALES } from '../components/core/localize';
import { settled } from '../stories/support/in-flight';
import { installFakeFlow } from '../stories/support/fake-flow';

// Storybook runs offline: every story's pay button finds the stand-in Flow, never Checkout.com's CDN
// (a pay button now fetches Flow as soon as it is in view).
installFakeFlow();
import { bindManifestControls, manifestArgTypes } from './manifest-controls';

/** "Deutsch", "中文（香港）", "العربية (RTL)": a locale as its readers name it. */
function localeTitle(locale: string): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return isRtl(locale) ? `${name} (RTL)` : name;
}

setCustomElementsManifest(manifest);

const preview: Preview = {
  globalTypes: {
    locale: {
      description: 'Language of the kit',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        dynamicTitle: true,
        // Every locale the kit ships, each named in its own language.
        items: SUPPORTED_LOCALES.map((value) => ({ value, title: localeTitle(value) })),
      },
    },
    theme: {
      description: 'Light or dark colour scheme',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        dynamicTitle: true,
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
      },
    },
    direction: {
      description: 'Text direction (auto follows the locale)',
      toolbar: {
        title: 'Direction',
        icon: 'transfer',
        dynamicTitle: true,
        items: [
          { value: 'auto', title: 'Direction: from locale' },
          { value: 'ltr', title: 'Left to right' },
          { value: 'rtl', title: 'Right to left' },
        ],
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light', direction: 'auto' },
  // Locales are lazily loaded modules and elements wait for their strings before the first
  // render; loading them here first lets play functions find rendered elements at once.
  loaders: [
    async (context) => {
      const { locale } = { ...context.globals, ...context.parameters.globalsOverride } as Record<string, string>;
      await Promise.all([loadLocale('en'), loadLocale(locale ?? 'en')]);
      return {};
    },
  ],
  decorators: [
    (story, context) => {
      const { locale, theme, direction } = { ...context.globals, ...context.parameters.globalsOverride } as Record<string, string>;
      const dir = direction === 'auto' ? (isRtl(locale ?? 'en') ? 'rtl' : 'ltr') : direction;
      document.documentElement.style.colorScheme = theme ?? 'light';
      document.body.style.background = theme === 'dark' ? '#0f1115' : '#ffffff';
      return html`<div
        lang=${locale ?? 'en'}
        dir=${dir ?? 'ltr'}
        style="max-inline-size: 40rem; padding: 1rem;"
        ${ref((container) => bindManifestControls(container, context))}
      >
        ${story()}
      </div>`;
    },
  ],
  // Runs before the a11y addon's own check (Storybook runs the preview's afterEach first): the
  // addon, and tests/storybook/smoke.test.ts after it, check the story once its mocked answers
  // arrived and its elements rendered them, not its first spinner.
  afterEach: async ({ canvasElement }) => {
    await settled(canvasElement);
  },
  parameters: {
    controls: { expanded: true },
    // Docs tables and Controls from custom-elements.json: the public API only (manifest-controls.ts).
    docs: { extractArgTypes: manifestArgTypes },
    layout: 'fullscreen',
    // axe checks every story (the a11y panel; tests/storybook/smoke.test.ts fails on any
    // violation). A story that must turn a rule off does it in its own `parameters.a11y.config.rules`,
    // with the reason beside it.
    a11y: { context: '#storybook-root', test: 'error' },
  },
  tags: ['autodocs'],
};

export default preview;
