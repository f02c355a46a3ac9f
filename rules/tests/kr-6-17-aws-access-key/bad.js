const AWS = require('aws-sdk');

const s3 = new AWS.S3({
  accessKeyId: 'AKIAZ7Q4M2XK5RT3WV6B', // krewlint-expect: KR-6-17-AWS-ACCESS-KEY
  region: 'ap-northeast-1',
});
// krewlint-expect: KR-6-17-AWS-ACCESS-KEY
const conf = `[default]
aws_access_key_id = ASIAY2B3C4D5E6F7G2H3`;
