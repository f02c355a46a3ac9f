import { S3Client } from '@aws-sdk/client-s3';

export const s3: S3Client = new S3Client({
  credentials: { accessKeyId: 'AKIAZ7Q4M2XK5RT3WV6B', secretAccessKey: process.env.SECRET as string }, // krewlint-expect: KR-6-17-AWS-ACCESS-KEY
});
