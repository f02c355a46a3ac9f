resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "krew-trail"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail.arn
}
