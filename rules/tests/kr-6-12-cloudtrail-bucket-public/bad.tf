# krewlint-expect: KR-6-12-CLOUDTRAIL-BUCKET-PUBLIC
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket" "trail" {
  bucket = "krew-trail"
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket              = aws_s3_bucket.trail.id
  block_public_acls   = true
  block_public_policy = false
}

# krewlint-expect: KR-6-12-CLOUDTRAIL-BUCKET-PUBLIC
resource "aws_cloudtrail" "acl" {
  name           = "acl"
  s3_bucket_name = "krew-trail-acl"
}

resource "aws_s3_bucket" "acl" {
  bucket = "krew-trail-acl"
  acl    = "public-read"
}
