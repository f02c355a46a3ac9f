const jwt = require('jsonwebtoken');

// krewlint-expect: KR-6-17-PRIVATE-KEY
const signingKey = `-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu
-----END RSA PRIVATE KEY-----`;
const other = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'; // krewlint-expect: KR-6-17-PRIVATE-KEY
module.exports = (claims) => jwt.sign(claims, signingKey, { algorithm: 'RS256' });
