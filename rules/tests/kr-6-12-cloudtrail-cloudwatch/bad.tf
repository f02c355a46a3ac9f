# krewlint-expect: KR-6-12-CLOUDTRAIL-CLOUDWATCH
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "krew-trail"
}

# krewlint-expect: KR-6-12-CLOUDTRAIL-CLOUDWATCH
resource "aws_cloudtrail" "no_role" {
  name                       = "no-role"
  s3_bucket_name             = "krew-trail"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
}
