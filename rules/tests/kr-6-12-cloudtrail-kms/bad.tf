# krewlint-expect: KR-6-12-CLOUDTRAIL-KMS
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
