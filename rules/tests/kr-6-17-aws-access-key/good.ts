import { S3Client } from '@aws-sdk/client-s3';

export const s3: S3Client = new S3Client({ region: 'ap-northeast-1' });
export const sample: string = 'AKIAIOSFODNN7EXAMPLE';
