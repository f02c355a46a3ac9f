resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id
  versioning_configuration {
    status = "Suspended" # krewlint-expect: KR-6-8-S3-VERSIONING
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "legacy"
  versioning {
    enabled = false # krewlint-expect: KR-6-8-S3-VERSIONING
  }
}
