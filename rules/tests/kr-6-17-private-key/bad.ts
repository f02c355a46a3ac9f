import jwt from 'jsonwebtoken';

const key: string = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIGs2xJ0WzQ\n-----END EC PRIVATE KEY-----'; // krewlint-expect: KR-6-17-PRIVATE-KEY
export const sign = (claims: object): string => jwt.sign(claims, key, { algorithm: 'ES256' });
