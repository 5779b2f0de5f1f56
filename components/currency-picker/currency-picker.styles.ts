import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    /* In a narrow header (a phone, 400% zoom) the picker shrinks with it, its select cutting the
       currency's name short, rather than pushing the page sideways. */
    :host {
      display: inline-block;
      max-inline-size: 100%;
      min-inline-size: 0;
    }

    [part='base'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-s);
      flex-wrap: wrap;
      max-inline-size: 100%;
    }

    [part='label'] {
      font-weight: 600;
    }

    [part='select'] {
      inline-size: auto;
      max-inline-size: 16rem;
      min-inline-size: 0;
    }

    [part='alert'] {
      font-size: 0.875em;
      padding: var(--_space-xs) var(--_space-s);
    }
  `,
];
