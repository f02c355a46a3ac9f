import jwt from 'jsonwebtoken';

const key: string = process.env.JWT_PRIVATE_KEY ?? '';
export const sign = (claims: object): string => jwt.sign(claims, key, { algorithm: 'ES256' });
