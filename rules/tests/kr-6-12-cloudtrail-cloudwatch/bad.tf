# krewlint-expect: KR-6-12-CLOUDTRAIL-CLOUDWATCH
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "krew-trail"
}
