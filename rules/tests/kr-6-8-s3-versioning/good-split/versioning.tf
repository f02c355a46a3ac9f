# Versioning for the buckets of buckets.tf (same folder: one Terraform module), by reference
# and by the bucket's literal name.
resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = "krewdata-reports"
  versioning_configuration {
    status = "Enabled"
  }
}
