# krewlint-expect: KR-6-12-CLOUDTRAIL-LOG-VALIDATION
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_cloudtrail" "off" {
  name                       = "off"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = false # krewlint-expect: KR-6-12-CLOUDTRAIL-LOG-VALIDATION
}
