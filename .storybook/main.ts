import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: { defaultName: 'Docs' },
  async viteFinal(viteConfig) {
    // The project's vite.config.ts builds the kit's bundle; Storybook builds its own app.
    // Keep its inputs out, and never let the preview build empty the folder Storybook's
    // manager has already written.
    if (viteConfig.build) {
      delete viteConfig.build.rollupOptions;
      viteConfig.build.emptyOutDir = false;
    }
    return viteConfig;
  },
};

export default config;
