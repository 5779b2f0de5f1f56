import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from '../custom-elements.json';
import { isRtl, loadLocale, SUPPORTED_LOCALES } from '../components/core/localize';

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
      return html`<div lang=${locale ?? 'en'} dir=${dir ?? 'ltr'} style="max-inline-size: 40rem; padding: 1rem;">${story()}</div>`;
    },
  ],
  parameters: {
    controls: { expanded: true },
    layout: 'fullscreen',
  },
  tags: ['autodocs'],
};

export default preview;
