/**
 * Prints the scrypt hash of a password for a users file (server/demo-users.json or USERS_FILE).
 * The password is read from stdin, never from the command line, so it stays out of shell
 * history and the process list:
 *
 *   npx tsx server/auth/hash-password.ts            (type the password, then Enter)
 *   printf %s "$PASSWORD" | npx tsx server/auth/hash-password.ts
 */
import { createInterface } from 'node:readline';
import { hashPassword } from './password';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

const password = await readPassword();
if (password.length < 8) {
  console.error('The password must be at least 8 characters.');
  process.exit(1);
}
console.log(await hashPassword(password));
