resource "aws_s3_bucket" "data" {
  bucket = "krew-customer-data"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "data/"
}

# the access-log target itself
resource "aws_s3_bucket" "access_logs" {
  bucket = "krew-access-logs"
}

# provider v3 style
resource "aws_s3_bucket" "legacy" {
  bucket = "krew-legacy"
  logging {
    target_bucket = aws_s3_bucket.access_logs.id
  }
}
