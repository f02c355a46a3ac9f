resource "aws_s3_bucket" "exports" {
  bucket = "exports"
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "legacy"
  versioning {
    enabled = true
  }
}
