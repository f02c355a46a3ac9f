# krewlint-expect: KR-6-13-S3-ACCESS-LOGS
resource "aws_s3_bucket" "data" {
  bucket = "krew-customer-data"
}

resource "aws_s3_bucket_logging" "other" {
  bucket        = aws_s3_bucket.other.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "other/"
}
