import { css } from 'lit';

export default css`
  :host {
    display: contents;
  }

  :host([theme='light']) {
    color-scheme: light;
  }

  :host([theme='dark']) {
    color-scheme: dark;
  }
`;
