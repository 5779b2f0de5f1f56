/**
 * Form controls and buttons styled from the kit's tokens, shared by every element with a form
 * (`static styles = [controls, …]`).
 */
import { css } from 'lit';

/** Inputs, selects, buttons and their states (focus ring, disabled, invalid), from the tokens. */
export const controls = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_space-s);
    padding: var(--_space-s) var(--_space-m);
    border: 1px solid var(--_c-border);
    background: var(--_c-surface);
    color: var(--_c-text);
    font-weight: 600;
    text-decoration: none;
  }

  .button.primary {
    background: var(--_c-primary);
    border-color: var(--_c-primary);
    color: var(--_c-on-primary);
  }

  .button:disabled,
  .button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }

  .link {
    background: none;
    border: 0;
    color: var(--_c-primary);
    text-decoration: underline;
    padding: 0 var(--_space-xs);
  }

  input,
  select {
    font: inherit;
    color: var(--_c-text);
    background: var(--_c-surface);
    border: 1px solid var(--_c-border);
    border-radius: var(--_radius-s);
    min-block-size: 2.75rem;
    padding: var(--_space-xs) var(--_space-s);
    inline-size: 100%;
  }

  input[type='checkbox'],
  input[type='radio'] {
    inline-size: 1.25rem;
    min-block-size: 1.25rem;
    accent-color: var(--_c-primary);
    /* Beside a label that wraps (a plan's description on a phone), the box keeps its size. */
    flex-shrink: 0;
  }

  [aria-invalid='true'] {
    border-color: var(--_c-danger);
    border-width: 2px;
  }

  .error {
    color: var(--_c-danger);
    margin: var(--_space-xs) 0 0;
    font-size: 0.875em;
  }

  [part~='alert'] {
    border: 1px solid var(--_c-danger);
    border-inline-start-width: 4px;
    border-radius: var(--_radius-s);
    padding: var(--_space-s) var(--_space-m);
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    align-items: center;
    justify-content: space-between;
  }

  .skeleton {
    background: linear-gradient(90deg, var(--_c-surface-alt), var(--_c-border), var(--_c-surface-alt));
    background-size: 200% 100%;
    border-radius: var(--_radius-s);
    animation: ck-shimmer 1.4s ease-in-out infinite;
  }

  @keyframes ck-shimmer {
    to {
      background-position: -200% 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
`;
