package storage

import "github.com/aws/aws-sdk-go-v2/credentials"

var provider = credentials.NewStaticCredentialsProvider("AKIAZ7Q4M2XK5RT3WV6B", secret, "") // krewlint-expect: KR-6-17-AWS-ACCESS-KEY

// krewlint-expect: KR-6-17-AWS-ACCESS-KEY
const profile = `[default]
aws_access_key_id = ASIAY2B3C4D5E6F7G2H3`
