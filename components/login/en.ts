import { enPlural } from '../core/locales/en';

/**
 * `<ck-login>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const loginEn = {
  loginTitle: 'Log in',
  account: 'Your account',
  showPassword: 'Show password',
  loggingIn: 'Logging in…',
  loginInvalid: 'The username or password is incorrect.',
  loginRateLimited: (minutes: number) =>
    `Too many login attempts. Try again in ${enPlural.select(minutes) === 'one' ? '1 minute' : `${minutes} minutes`}.`,
};

export default loginEn;
