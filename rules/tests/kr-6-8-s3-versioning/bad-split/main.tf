# No inline versioning block and no aws_s3_bucket_versioning refers to the bucket.
resource "aws_s3_bucket" "uploads" { # krewlint-expect: KR-6-8-S3-VERSIONING
  bucket = "krewdata-uploads"
}

# The versioning resource is for another bucket.
resource "aws_s3_bucket" "reports" { # krewlint-expect: KR-6-8-S3-VERSIONING
  bucket = "krewdata-reports"
}

resource "aws_s3_bucket_versioning" "other" {
  bucket = aws_s3_bucket.other.id
  versioning_configuration {
    status = "Enabled"
  }
}
