/**
 * The users who may log in, read from a JSON file (the demo file ships with the demo user;
 * USERS_FILE points at a merchant's own). Only scrypt hashes are accepted: a plaintext
 * password in the file stops the start.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isPasswordHash } from './password';

export const DEMO_USERS_FILE = fileURLToPath(new URL('../demo-users.json', import.meta.url));

const userSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  email: z.email().optional(),
  passwordHash: z.string().refine(isPasswordHash, 'must be a scrypt hash made by server/auth/hash-password.ts'),
  /** Staff of the shop (the console at /admin/, server/admin/rights.ts): `staff` reads, `admin` also moves money. Shoppers have none. */
  role: z.enum(['staff', 'admin']).optional(),
});

const usersFileSchema = z.looseObject({ users: z.array(userSchema) });

export type User = z.infer<typeof userSchema>;
export type PublicUser = Omit<User, 'passwordHash'>;

/** Usernames compare case-insensitively and after Unicode normalization ("Kenso" is "kenso"). */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

export class UserDirectory {
  readonly #users = new Map<string, User>();

  constructor(users: readonly User[]) {
    for (const user of users) this.#users.set(normalizeUsername(user.username), user);
  }

  static fromFile(path: string = DEMO_USERS_FILE): UserDirectory {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`users file ${path} could not be read: ${(error as Error).message}`, { cause: error });
    }
    const parsed = usersFileSchema.safeParse(raw);
    if (!parsed.success) {
      // Paths and messages only: never echo a value from the file.
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
      throw new Error(`users file ${path} is invalid: ${issues}`);
    }
    return new UserDirectory(parsed.data.users);
  }

  find(username: string): User | undefined {
    return this.#users.get(normalizeUsername(username));
  }
}

export function publicUser(user: User): PublicUser {
  return { username: user.username, name: user.name, ...(user.email ? { email: user.email } : {}), ...(user.role ? { role: user.role } : {}) };
}
