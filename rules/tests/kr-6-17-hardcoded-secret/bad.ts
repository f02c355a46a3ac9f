interface DbConfig { host: string; password: string }

export const db: DbConfig = {
  host: 'db.internal',
  password: 'N7q!zR2#wK9m', // krewlint-expect: KR-6-17-HARDCODED-SECRET
};
export const API_KEY: string = 'sk_live_51HcYv2K8fQ3mT9xL0pR7'; // krewlint-expect: KR-6-17-HARDCODED-SECRET
