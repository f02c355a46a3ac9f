resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket" "trail" {
  bucket = "krew-trail"
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket                  = aws_s3_bucket.trail.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# the bucket is defined in another stack
resource "aws_cloudtrail" "org" {
  name           = "org"
  s3_bucket_name = "krew-org-trail"
}
