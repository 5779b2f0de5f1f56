/**
 * What a shopper's new password must not be, beyond its length (contract/fields.ts
 * PASSWORD_LENGTH): one of the passwords leaked most often, such a word with digits or symbols
 * stuck on ("Password1!", "sunshine2024"), a keyboard walk, a handful of characters repeated, or
 * the shopper's own email address or name. A small list bundled with the proxy (no network
 * call); it catches what attackers try first, which is what NIST SP 800-63B asks of a check.
 */

/** The most common leaked passwords and their stems (lower case; digits and symbols at the end are ignored when comparing). */
const COMMON = new Set(
  `
  password passw0rd passwort motdepasse contrasena senha wachtwoord salasana haslo parola
  123456 1234567 12345678 123456789 1234567890 12345678910 0123456789 987654321 87654321 7654321
  11111111 111111111 00000000 000000000 12341234 11223344 112233 123123 123123123 121212 123321
  147258369 159753 159357 147852 258456 789456 456789 654321 666666 696969 7777777 888888 99999999
  abc abcd abcdef abcdefg abcdefgh abc123 a1b2c3 a1b2c3d4 aa123456 aaaaaa qwe qwer qwert qwerty
  qwertyu qwertyui qwertyuiop qwertz qwertzuiop azerty azertyuiop asdf asdfgh asdfghjk asdfghjkl
  zxcv zxcvb zxcvbn zxcvbnm 1q2w3e 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 zaq1zaq1 zaq12wsx qazwsx
  qweasd qweasdzxc q1w2e3r4 passpass iloveyou iloveu loveyou lovely love letmein welcome hello
  admin administrator root user login guest test tester default changeme secret master access
  monkey dragon football baseball basketball soccer hockey sunshine princess shadow superman
  batman spiderman pokemon starwars trustno1 whatever freedom flower computer internet
  michael jennifer jessica ashley daniel charlie thomas jordan hunter michelle andrew joshua
  matthew robert william george summer winter autumn spring samsung apple iphone google facebook
  youtube linkedin microsoft windows cookie cheese chocolate banana orange pepper ginger
  mustang ferrari corvette harley killer fuckyou fuckoff asshole biteme blink buster tigger
  ranger jordan23 hannah nicole maggie buster daniel1 bailey yankees dallas austin liverpool
  chelsea arsenal barcelona madrid juventus qwerty1 zxcvbnm1 superstar rockstar starlight
  babygirl angel angels butterfly purple diamond silver golden jasmine lovers friends family
  forever hello123 welcome1 letmein1 trustme whatsup nothing anything something secure
  checkout shopping shop store payment money credit creditcard visa mastercard
  `
    .trim()
    .split(/\s+/),
);

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't' };

/** The password as a guesser sees it: lower case, digits and symbols at the end dropped. */
function stems(password: string): string[] {
  const lower = password.normalize('NFKC').toLowerCase();
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  const unleet = (s: string) => s.replace(/[@40!13$57]/g, (c) => LEET[c] ?? c);
  return [lower, stripped, unleet(lower), unleet(stripped), unleet(lower).replace(/[\d\W_]+$/u, '')];
}

export type PasswordProblem = { code: 'password_too_common' | 'password_contains_personal'; message: string };

export const PASSWORD_TOO_COMMON = 'This password is too common or easy to guess: it is one of those leaked and tried first. Choose a longer phrase of your own.';
export const PASSWORD_CONTAINS_PERSONAL = 'The password must not contain your email address or your name.';

/** Why this password is refused for this shopper, or undefined when it may be used. */
export function passwordProblem(password: string, shopper: { email: string; name: string }): PasswordProblem | undefined {
  const lower = password.normalize('NFKC').toLowerCase();
  if (new Set(lower).size < 4 || stems(password).some((s) => COMMON.has(s))) {
    return { code: 'password_too_common', message: PASSWORD_TOO_COMMON };
  }
  const [local = '', domain = ''] = shopper.email.normalize('NFKC').toLowerCase().split('@');
  const personal = [local, domain.split('.')[0] ?? '', ...shopper.name.normalize('NFKC').toLowerCase().split(/\s+/)].filter((part) => part.length >= 3);
  if (personal.some((part) => lower.includes(part))) {
    return { code: 'password_contains_personal', message: PASSWORD_CONTAINS_PERSONAL };
  }
  return undefined;
}
