const AWS = require('aws-sdk');

const s3 = new AWS.S3({
  accessKeyId: process.env.AWS_ACCESS_KEY_ID,
  region: 'ap-northeast-1',
});
const docs = 'AKIAIOSFODNN7EXAMPLE';
const notAKey = 'AKIAZ7Q4M2XK5RT3WV6BQQ';
const lower = 'akiaz7q4m2xk5rt3wv6b';
