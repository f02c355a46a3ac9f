const fs = require('fs');
const jwt = require('jsonwebtoken');

const signingKey = fs.readFileSync(process.env.JWT_KEY_FILE, 'utf8');
const publicKey = '-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKj34Gkx\n-----END PUBLIC KEY-----';
const isPem = (s) => s.startsWith('-----BEGIN');
module.exports = (claims) => jwt.sign(claims, signingKey, { algorithm: 'RS256' });
