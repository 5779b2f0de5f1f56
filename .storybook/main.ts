import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: { defaultName: 'Docs' },
  async viteFinal(viteConfig) {
    // The project's vite.config.ts builds the kit's bundle; Storybook builds its own app.
    // Keep its inputs out, and never let the preview build empty the folder Storybook's
    // manager has already written.
    // Nor the kit's precompressed copies and manifest (plugin ck:kit-files).
    viteConfig.plugins = (viteConfig.plugins ?? []).filter(
      (plugin) => !(plugin && typeof plugin === 'object' && 'name' in plugin && plugin.name === 'ck:kit-files'),
    );
    if (viteConfig.build) {
      delete viteConfig.build.rollupOptions;
      delete viteConfig.build.rolldownOptions;
      viteConfig.build.emptyOutDir = false;
    }
    return viteConfig;
  },
};

export default config;
