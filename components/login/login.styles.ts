import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      background: var(--ck-login-background, var(--_c-surface));
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      padding: var(--_space-m);
      display: grid;
      gap: var(--_space-m);
      max-inline-size: var(--ck-login-max-width, 26rem);
    }

    [part='title'] {
      margin: 0;
      font-size: 1.25em;
      font-weight: 600;
    }

    form {
      display: grid;
      gap: var(--_space-m);
    }

    .field {
      display: grid;
      gap: var(--_space-xs);
    }

    label {
      font-weight: 600;
    }

    .show {
      display: flex;
      align-items: center;
      gap: var(--_space-s);
      font-weight: normal;
    }

    [part='submit'] {
      inline-size: 100%;
      min-block-size: 2.75rem;
    }

    [part='user'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space-s);
      margin: 0;
    }
  `,
];
