interface DbConfig { host: string; password: string }

export const db: DbConfig = {
  host: 'db.internal',
  password: process.env.DB_PASSWORD ?? '',
};
export const API_KEY: string = 'your-api-key-here';
export const apiKeyHeader: string = 'X-Api-Key';
